/* average_pool2d.c: the loop of earforge.kernels.AveragePool2D.evalInt8 (TFLite reference_integer_ops::AveragePool). */
#include "average_pool2d.h"
#include "earforge_quant.h"
#include "window.h"

void earforge_average_pool2d(const earforge_average_pool2d_params *p, const int8_t *input, int8_t *output)
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
                const int32_t count = (fy1 > fy0 ? fy1 - fy0 : 0) * (fx1 > fx0 ? fx1 - fx0 : 0);
                for (int32_t c = 0; c < d; c++) {
                    int32_t acc = 0;
                    for (int32_t fy = fy0; fy < fy1; fy++) {
                        for (int32_t fx = fx0; fx < fx1; fx++) {
                            acc += input[window_offset(w->in_h, w->in_w, d, b, y0 + fy, x0 + fx, c)];
                        }
                    }
                    /* C99 division truncates toward zero, as Java's */
                    acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
                    output[window_offset(w->out_h, w->out_w, d, b, oy, ox, c)] = (int8_t)clamp(acc, p->act_min, p->act_max);
                }
            }
        }
    }
}
