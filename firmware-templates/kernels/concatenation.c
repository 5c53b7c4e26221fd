/* concatenation.c: earforge.kernels.Concatenation.eval: for each outer index, one block per input in turn. */
#include <string.h>

#include "concatenation.h"

void earforge_concatenation(const earforge_concatenation_params *p, const int8_t *const *inputs, int8_t *output)
{
    int32_t pos = 0;
    for (int32_t k = 0; k < p->outer; k++) {
        for (int32_t i = 0; i < p->copy_size_length; i++) {
            const int32_t n = p->copy_size[i];
            memcpy(output + pos, inputs[i] + k * n, (size_t)n);
            pos += n;
        }
    }
}
