/* earforge_log.h: minimal formatted logging on the board UART (no printf: small and allocation-free). */
#ifndef EARFORGE_LOG_H
#define EARFORGE_LOG_H

#include <stdint.h>

void ef_log_str(const char *s);
void ef_log_int(int64_t v);
/* v / 1000 with three decimals, e.g. 871 -> "0.871", -5 -> "-0.005". */
void ef_log_milli(int64_t v);
void ef_log_nl(void);

#endif /* EARFORGE_LOG_H */
