/* depthwise_conv2d.c: the loop of earforge.kernels.DepthwiseConv2D.evalInt8
   (TFLite reference_integer_ops::DepthwiseConvPerChannel). */
#include "depthwise_conv2d.h"
#include "earforge_quant.h"
#include "window.h"

void earforge_depthwise_conv2d(const earforge_depthwise_conv2d_params *p, const int8_t *input, const int8_t *filter,
                               const int32_t *bias, int8_t *output)
{
    const earforge_window *w = &p->w;
    const int32_t dm = p->depth_multiplier, od = w->out_depth;
    for (int32_t b = 0; b < w->batches; b++) {
        for (int32_t oy = 0; oy < w->out_h; oy++) {
            const int32_t y0 = oy * w->stride_h - w->pad_h;
            for (int32_t ox = 0; ox < w->out_w; ox++) {
                const int32_t x0 = ox * w->stride_w - w->pad_w;
                for (int32_t ic = 0; ic < w->in_depth; ic++) {
                    for (int32_t m = 0; m < dm; m++) {
                        const int32_t oc = ic * dm + m;
                        int32_t acc = 0;
                        for (int32_t fy = 0; fy < w->filter_h; fy++) {
                            const int32_t y = y0 + fy * w->dilation_h;
                            if (y < 0 || y >= w->in_h) continue;
                            for (int32_t fx = 0; fx < w->filter_w; fx++) {
                                const int32_t x = x0 + fx * w->dilation_w;
                                if (x < 0 || x >= w->in_w) continue;
                                const int32_t iv = input[window_offset(w->in_h, w->in_w, w->in_depth, b, y, x, ic)];
                                acc += filter[(fy * w->filter_w + fx) * od + oc] * (iv + p->input_offset);
                            }
                        }
                        if (bias) acc += bias[oc];
                        acc = multiplyByQuantizedMultiplier(acc, p->multiplier[oc], p->shift[oc]) + p->output_offset;
                        output[window_offset(w->out_h, w->out_w, od, b, oy, ox, oc)] =
                            (int8_t)clamp(acc, p->act_min, p->act_max);
                    }
                }
            }
        }
    }
}
