/*
 * earforge_probe.h: instruction/cycle probes between the model's operators and around the front-end stages.
 * Built with -DEARFORGE_PROFILE and force-included (-include earforge_probe.h) so that model.c and
 * earforge_frontend.c, which call EARFORGE_PROBE / EARFORGE_FE_PROBE_*, pick the probes up; otherwise they are empty.
 */
#ifndef EARFORGE_PROBE_H
#define EARFORGE_PROBE_H

#include <stdint.h>

#ifdef EARFORGE_PROFILE
/* op = -1 at the start of an inference, then after operator op. */
void earforge_probe_op(int32_t op);
void earforge_probe_fe_begin(int32_t stage);
void earforge_probe_fe_end(int32_t stage);
#define EARFORGE_PROBE(op) earforge_probe_op(op)
#define EARFORGE_FE_PROBE_BEGIN(stage) earforge_probe_fe_begin(stage)
#define EARFORGE_FE_PROBE_END(stage) earforge_probe_fe_end(stage)
#endif

/* Per operator and per front-end stage: counts (in counter units, probe overhead removed) and calls. */
void earforge_probe_reset(void);
uint64_t earforge_probe_op_total(int32_t op);
uint64_t earforge_probe_fe_total(int32_t stage);
uint32_t earforge_probe_fe_calls(int32_t stage);
uint32_t earforge_probe_inferences(void);

#endif /* EARFORGE_PROBE_H */
