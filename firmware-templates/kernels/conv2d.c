/* conv2d.c: the loop of earforge.kernels.Conv2D.evalInt8 (TFLite reference_integer_ops::ConvPerChannel). */
#include "conv2d.h"
#include "earforge_quant.h"
#include "window.h"

void earforge_conv2d(const earforge_conv2d_params *p, const int8_t *input, const int8_t *filter, const int32_t *bias,
                     int8_t *output)
{
    const earforge_window *w = &p->w;
    const int32_t fd = p->filter_depth;
    const int32_t per_group = w->out_depth / (w->in_depth / fd);
    for (int32_t b = 0; b < w->batches; b++) {
        for (int32_t oy = 0; oy < w->out_h; oy++) {
            const int32_t y0 = oy * w->stride_h - w->pad_h;
            for (int32_t ox = 0; ox < w->out_w; ox++) {
                const int32_t x0 = ox * w->stride_w - w->pad_w;
                for (int32_t oc = 0; oc < w->out_depth; oc++) {
                    const int32_t c0 = oc / per_group * fd;
                    int32_t acc = 0;
                    for (int32_t fy = 0; fy < w->filter_h; fy++) {
                        const int32_t y = y0 + fy * w->dilation_h;
                        if (y < 0 || y >= w->in_h) continue;
                        for (int32_t fx = 0; fx < w->filter_w; fx++) {
                            const int32_t x = x0 + fx * w->dilation_w;
                            if (x < 0 || x >= w->in_w) continue;
                            const int8_t *in = input + window_offset(w->in_h, w->in_w, w->in_depth, b, y, x, c0);
                            const int8_t *f = filter + ((oc * w->filter_h + fy) * w->filter_w + fx) * fd;
                            for (int32_t ic = 0; ic < fd; ic++) acc += f[ic] * (in[ic] + p->input_offset);
                        }
                    }
                    if (bias) acc += bias[oc];
                    acc = multiplyByQuantizedMultiplier(acc, p->multiplier[oc], p->shift[oc]) + p->output_offset;
                    output[window_offset(w->out_h, w->out_w, w->out_depth, b, oy, ox, oc)] =
                        (int8_t)clamp(acc, p->act_min, p->act_max);
                }
            }
        }
    }
}
