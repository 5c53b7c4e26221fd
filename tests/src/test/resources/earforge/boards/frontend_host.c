/*
 * frontend_host.c: host driver of the generated C front end for the tests (gcc, no board). Reads int16 little-endian
 * PCM on stdin.
 *   frontend_host features   frames at 0, hop, 2 hop, ... of the input as is: EF_FE_BANDS int32 Q16 per frame on stdout
 *   frontend_host stream     the streaming path in chunks of varying size: per window the int8 model input on stdout
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "earforge_frontend.h"

static int16_t *read_all(size_t *n)
{
    size_t cap = 1 << 16, len = 0;
    int16_t *p = malloc(cap * sizeof *p);
    size_t got;
    while (p && (got = fread(p + len, sizeof *p, cap - len, stdin)) > 0) {
        len += got;
        if (len == cap) p = realloc(p, (cap *= 2) * sizeof *p);
    }
    if (!p) exit(4);
    *n = len;
    return p;
}

static void on_window(const int8_t *input, void *ctx)
{
    (void)ctx;
    fwrite(input, 1, EF_FE_FRAMES_PER_WINDOW * EF_FE_CHANNELS, stdout);
}

int main(int argc, char **argv)
{
    if (argc != 2) return 2;
    size_t n;
    int16_t *pcm = read_all(&n);
    if (strcmp(argv[1], "features") == 0) {
        static int32_t bands[EF_FE_BANDS];
        for (size_t at = 0; at + EF_FE_NFFT <= n; at += EF_FE_HOP) {
            earforge_frontend_frame(pcm + at, bands);
            fwrite(bands, sizeof bands[0], EF_FE_BANDS, stdout);
        }
    } else {
        static earforge_stream s;
        static const int32_t chunks[] = {1, 97, 160, 512, 1000, 33, 4096};
        earforge_stream_init(&s);
        size_t at = 0;
        for (int k = 0; at < n; k++) {
            int32_t c = chunks[k % 7];
            if ((size_t)c > n - at) c = (int32_t)(n - at);
            earforge_stream_push(&s, pcm + at, c, on_window, 0);
            at += (size_t)c;
        }
    }
    free(pcm);
    return fflush(stdout) == 0 ? 0 : 4;
}
