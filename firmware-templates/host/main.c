/*
 * main.c (board host): runs the generated model as a filter. Reads raw int8 input tensors from stdin,
 * EARFORGE_MODEL_INPUT_BYTES per inference (the model's inputs concatenated), and writes the raw int8 outputs,
 * EARFORGE_MODEL_OUTPUT_BYTES per inference, to stdout. Any number of inferences, until end of input.
 * Exit codes: 0 done, 3 input ended inside a record, 4 read or write error.
 */
#include <stdint.h>
#include <stdio.h>

#include "model.h"

int main(void)
{
    static int8_t in[EARFORGE_MODEL_INPUT_BYTES];
    static int8_t out[EARFORGE_MODEL_OUTPUT_BYTES];
    for (;;) {
        const size_t n = fread(in, 1, sizeof in, stdin);
        if (n == 0 && feof(stdin)) break;
        if (n != sizeof in) {
            if (ferror(stdin)) {
                fprintf(stderr, "model: cannot read stdin\n");
                return 4;
            }
            fprintf(stderr, "model: input ended inside a record (%zu of %zu bytes)\n", n, sizeof in);
            return 3;
        }
        earforge_model_invoke(in, out);
        if (fwrite(out, 1, sizeof out, stdout) != sizeof out) {
            fprintf(stderr, "model: cannot write stdout\n");
            return 4;
        }
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "model: cannot write stdout\n");
        return 4;
    }
    return 0;
}
