/* broadcast.h: operand offsets of a broadcast element-wise op (earforge.kernels.Broadcast). */
#ifndef EARFORGE_BROADCAST_H
#define EARFORGE_BROADCAST_H

#include "earforge_params.h"

/* Number of output elements: the product of dims. */
static inline int32_t broadcast_size(const earforge_broadcast *b)
{
    int32_t n = 1;
    for (int32_t d = 0; d < b->dims_length; d++) n *= b->dims[d];
    return n;
}

/* Offsets in operand 1 and 2 of output element o (row-major over dims; stride 0 on broadcast axes). */
static inline void broadcast_offsets(const earforge_broadcast *b, int32_t o, int32_t *i1, int32_t *i2)
{
    int32_t a = 0, c = 0;
    for (int32_t d = b->dims_length - 1; d >= 0; d--) {
        const int32_t x = o % b->dims[d];
        o /= b->dims[d];
        a += x * b->strides1[d];
        c += x * b->strides2[d];
    }
    *i1 = a;
    *i2 = c;
}

#endif /* EARFORGE_BROADCAST_H */
