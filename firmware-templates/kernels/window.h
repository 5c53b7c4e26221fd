/* window.h: NHWC addressing of the windowed kernels (earforge.kernels.Window). */
#ifndef EARFORGE_WINDOW_H
#define EARFORGE_WINDOW_H

#include <stdint.h>

/* Offset of element [b, y, x, c] in an NHWC tensor of height h, width w, depth d. */
static inline int32_t window_offset(int32_t h, int32_t w, int32_t d, int32_t b, int32_t y, int32_t x, int32_t c)
{
    return ((b * h + y) * w + x) * d + c;
}

#endif /* EARFORGE_WINDOW_H */
