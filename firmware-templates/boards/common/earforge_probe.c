/*
 * earforge_probe.c: accumulates counter deltas per operator and per front-end stage. The cost of the probes
 * themselves (the tail of one probe plus the call and head of the next) is measured by earforge_probe_reset with two
 * probes back to back and subtracted from every delta.
 */
#include "earforge_probe.h"
#include "earforge_board.h"
#include "app_config.h"

#define EF_CALIBRATE 2   /* fe stage index used while calibrating */

static uint64_t op_total[EF_MODEL_OPERATORS];
static uint64_t fe_total[3];
static uint32_t fe_calls[3], fe_start[3];
static uint32_t inferences, last, raw, op_overhead, fe_overhead;

static uint32_t net(uint32_t d, uint32_t overhead) { return d > overhead ? d - overhead : 0; }

void earforge_probe_op(int32_t op)
{
    const uint32_t now = earforge_board_counter();
    const uint32_t d = now - last;
    if (op < 0) {
        inferences++;
    } else if (op < EF_MODEL_OPERATORS) {
        op_total[op] += net(d, op_overhead);
    } else {
        raw = d;
    }
    last = earforge_board_counter();
}

void earforge_probe_fe_begin(int32_t stage)
{
    fe_start[stage] = earforge_board_counter();
}

void earforge_probe_fe_end(int32_t stage)
{
    const uint32_t now = earforge_board_counter();
    fe_total[stage] += net(now - fe_start[stage], fe_overhead);
    fe_calls[stage]++;
}

void earforge_probe_reset(void)
{
    for (int32_t i = 0; i < EF_MODEL_OPERATORS; i++) op_total[i] = 0;
    op_overhead = fe_overhead = 0;
    earforge_probe_op(EF_MODEL_OPERATORS);
    earforge_probe_op(EF_MODEL_OPERATORS);
    op_overhead = raw;
    earforge_probe_fe_begin(EF_CALIBRATE);
    earforge_probe_fe_end(EF_CALIBRATE);
    fe_overhead = (uint32_t)fe_total[EF_CALIBRATE];
    for (int32_t s = 0; s < 3; s++) fe_total[s] = fe_calls[s] = 0;
    inferences = 0;
}

uint64_t earforge_probe_op_total(int32_t op) { return op_total[op]; }
uint64_t earforge_probe_fe_total(int32_t stage) { return fe_total[stage]; }
uint32_t earforge_probe_fe_calls(int32_t stage) { return fe_calls[stage]; }
uint32_t earforge_probe_inferences(void) { return inferences; }
