/*
 * qemu_main.c: firmware of a virtual board. With semihosting arguments it is a test harness that reads and writes
 * host files through semihosting (QEMU -semihosting-config arg=...):
 *   tensors IN OUT [PROFILE]   IN: raw int8 model inputs, EARFORGE_MODEL_INPUT_BYTES per inference, until end of
 *                              file; OUT: the raw outputs; PROFILE: per-operator instruction counts (text)
 *   features IN OUT            IN: int16 little-endian PCM (framed as is: no padding); OUT: int32 Q16 log-mel,
 *                              EF_FE_BANDS per frame, for frames at 0, hop, 2 hop, ...
 *   stream IN OUT [PROFILE]    IN: int16 PCM pushed through the streaming front end in chunks of varying size; OUT:
 *                              per window the int8 model input followed by the model output
 * Without arguments it runs the application's self-test and logs on the UART, as on a real board.
 * Exit codes: 0 done, 1 self-test mismatch, 2 usage, 3 input ended inside a record, 4 file error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_config.h"
#include "earforge_app.h"
#include "earforge_board.h"
#include "earforge_probe.h"
#include "model.h"
#if EF_HAS_FRONTEND
#include "earforge_frontend.h"
#endif

#ifndef EARFORGE_COUNTER_INSTRUCTIONS
#define EARFORGE_COUNTER_INSTRUCTIONS 1
#endif

static FILE *open_or_die(const char *path, const char *mode)
{
    FILE *f = fopen(path, mode);
    if (!f) {
        fprintf(stderr, "firmware: cannot open %s\n", path);
        exit(4);
    }
    return f;
}

static void write_or_die(const void *p, size_t n, FILE *f)
{
    if (fwrite(p, 1, n, f) != n) {
        fprintf(stderr, "firmware: write error\n");
        exit(4);
    }
}

static void close_or_die(FILE *f)
{
    if (fclose(f) != 0) {
        fprintf(stderr, "firmware: write error\n");
        exit(4);
    }
}

static void write_profile(const char *path)
{
    FILE *f = open_or_die(path, "w");
    fprintf(f, "instructions_per_count %d\ninferences %lu\n", EARFORGE_COUNTER_INSTRUCTIONS,
            (unsigned long)earforge_probe_inferences());
    for (int32_t op = 0; op < EF_MODEL_OPERATORS; op++) {
        fprintf(f, "op %ld %llu\n", (long)op, (unsigned long long)earforge_probe_op_total(op));
    }
    for (int32_t s = 0; s < 2; s++) {
        fprintf(f, "frontend %ld %lu %llu\n", (long)s, (unsigned long)earforge_probe_fe_calls(s),
                (unsigned long long)earforge_probe_fe_total(s));
    }
    close_or_die(f);
}

static int tensors(const char *in_path, const char *out_path)
{
    static int8_t in[EARFORGE_MODEL_INPUT_BYTES], out[EARFORGE_MODEL_OUTPUT_BYTES];
    FILE *fi = open_or_die(in_path, "rb"), *fo = open_or_die(out_path, "wb");
    for (;;) {
        const size_t n = fread(in, 1, sizeof in, fi);
        if (n == 0) break;
        if (n != sizeof in) {
            fprintf(stderr, "firmware: input ended inside a record (%u of %u bytes)\n", (unsigned)n, (unsigned)sizeof in);
            return 3;
        }
        earforge_model_invoke(in, out);
        write_or_die(out, sizeof out, fo);
    }
    fclose(fi);
    close_or_die(fo);
    return 0;
}

#if EF_HAS_FRONTEND
static int features(const char *in_path, const char *out_path)
{
    static int16_t pcm[EF_FE_NFFT];
    static int32_t bands[EF_FE_BANDS];
    FILE *fi = open_or_die(in_path, "rb"), *fo = open_or_die(out_path, "wb");
    size_t have = fread(pcm, sizeof pcm[0], EF_FE_NFFT, fi);
    while (have == EF_FE_NFFT) {
        earforge_frontend_frame(pcm, bands);
        write_or_die(bands, sizeof bands, fo);
        /* next frame: keep nFft - hop samples, read hop more (hop <= nFft; a larger hop skips samples) */
        if (EF_FE_HOP < EF_FE_NFFT) {
            memmove(pcm, pcm + EF_FE_HOP, (EF_FE_NFFT - EF_FE_HOP) * sizeof pcm[0]);
            have = EF_FE_NFFT - EF_FE_HOP + fread(pcm + EF_FE_NFFT - EF_FE_HOP, sizeof pcm[0], EF_FE_HOP, fi);
        } else {
            for (int32_t skip = 0; skip < EF_FE_HOP - EF_FE_NFFT; skip++) (void)fgetc(fi);
            have = fread(pcm, sizeof pcm[0], EF_FE_NFFT, fi);
        }
    }
    fclose(fi);
    close_or_die(fo);
    return 0;
}

static FILE *stream_out;

static void on_window(const int8_t *input, void *ctx)
{
    static int8_t out[EARFORGE_MODEL_OUTPUT_BYTES];
    (void)ctx;
    earforge_model_invoke(input, out);
    write_or_die(input, EF_FE_FRAMES_PER_WINDOW * EF_FE_CHANNELS, stream_out);
    write_or_die(out, sizeof out, stream_out);
}

static int stream(const char *in_path, const char *out_path)
{
    static const int32_t chunks[] = {1, 97, 160, 512, 1000, 33};
    static int16_t pcm[1000];
    static earforge_stream s;
    earforge_stream_init(&s);
    FILE *fi = open_or_die(in_path, "rb");
    stream_out = open_or_die(out_path, "wb");
    for (int32_t k = 0;; k++) {
        const size_t n = fread(pcm, sizeof pcm[0], (size_t)chunks[k % 6], fi);
        if (n == 0) break;
        earforge_stream_push(&s, pcm, (int32_t)n, on_window, 0);
    }
    fclose(fi);
    close_or_die(stream_out);
    return 0;
}
#endif

int main(int argc, char **argv)
{
    earforge_board_init();
    earforge_probe_reset();
    int a = 1;
    while (a < argc && strcmp(argv[a], "tensors") != 0 && strcmp(argv[a], "features") != 0 && strcmp(argv[a], "stream") != 0) a++;
    if (a >= argc) exit(earforge_app_selftest() == 0 ? 0 : 1);
    const char *mode = argv[a];
    if (argc - a < 3) {
        fprintf(stderr, "firmware: usage: %s IN OUT [PROFILE]\n", mode);
        exit(2);
    }
    int rc = 2;
    if (strcmp(mode, "tensors") == 0) rc = tensors(argv[a + 1], argv[a + 2]);
#if EF_HAS_FRONTEND
    else if (strcmp(mode, "features") == 0) rc = features(argv[a + 1], argv[a + 2]);
    else rc = stream(argv[a + 1], argv[a + 2]);
#else
    else fprintf(stderr, "firmware: %s: this firmware was generated without a front end\n", mode);
#endif
    if (rc == 0 && argc - a >= 4) write_profile(argv[a + 3]);
    exit(rc);
}
