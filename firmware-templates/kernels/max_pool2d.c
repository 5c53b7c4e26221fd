/* max_pool2d.c: the loop of earforge.kernels.MaxPool2D.evalInt8 (TFLite reference_integer_ops::MaxPool). */
#include "max_pool2d.h"
#include "earforge_quant.h"
#include "window.h"

void earforge_max_pool2d(const earforge_max_pool2d_params *p, const int8_t *input, int8_t *output)
{
    const earforge_window *w = &p->w;
    const int32_t d = w->in_depth;
    for (int32_t b = 0; b < w->batches; b++) {
        for (int32_t oy = 0; oy < w->out_h; oy++) {
            const int32_t y0 = oy * w->stride_h - w->pad_h;
            const int32_t fy0 = y0 < 0 ? -y0 : 0;
            const int32_t fy1 = w->filter_h < w->in_h - y0 ? w->filter_h : w->in_h - y0;
            for (int32_t ox = 0; ox < w->out_w; ox++) {
                const int32_t x0 = ox * w->stride_w - w->pad_w;
                const int32_t fx0 = x0 < 0 ? -x0 : 0;
                const int32_t fx1 = w->filter_w < w->in_w - x0 ? w->filter_w : w->in_w - x0;
                for (int32_t c = 0; c < d; c++) {
                    int32_t max = -128;
                    for (int32_t fy = fy0; fy < fy1; fy++) {
                        for (int32_t fx = fx0; fx < fx1; fx++) {
                            const int32_t v = input[window_offset(w->in_h, w->in_w, d, b, y0 + fy, x0 + fx, c)];
                            if (v > max) max = v;
                        }
                    }
                    output[window_offset(w->out_h, w->out_w, d, b, oy, ox, c)] = (int8_t)clamp(max, p->act_min, p->act_max);
                }
            }
        }
    }
}
