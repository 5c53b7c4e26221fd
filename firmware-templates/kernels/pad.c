/* pad.c: earforge.kernels.Pad.evalInt8: fill the output, then copy each innermost input row into place. */
#include <string.h>

#include "pad.h"

void earforge_pad(const earforge_pad_params *p, const int8_t *input, int8_t *output)
{
    const int32_t rank = p->in_shape_length;
    int32_t out_elements = 1, in_elements = 1;
    for (int32_t d = 0; d < rank; d++) {
        out_elements *= p->out_shape[d];
        in_elements *= p->in_shape[d];
    }
    memset(output, p->pad_value, (size_t)out_elements);
    if (rank == 0) {
        output[0] = input[0];
        return;
    }
    const int32_t row = p->in_shape[rank - 1];
    const int32_t rows = row == 0 ? 0 : in_elements / row;
    for (int32_t r = 0; r < rows; r++) {
        int32_t o = 0, rest = r;
        for (int32_t d = rank - 1, stride = 1; d >= 0; stride *= p->out_shape[d], d--) {
            int32_t idx = 0;
            if (d < rank - 1) {
                idx = rest % p->in_shape[d];
                rest /= p->in_shape[d];
            }
            o += (idx + p->before[d]) * stride;
        }
        memcpy(output + o, input + r * row, (size_t)row);
    }
}
