/* pad.h: PAD with a constant fill, int8 (earforge.kernels.Pad). */
#ifndef EARFORGE_PAD_H
#define EARFORGE_PAD_H

#include "earforge_params.h"

void earforge_pad(const earforge_pad_params *p, const int8_t *input, int8_t *output);

#endif /* EARFORGE_PAD_H */
