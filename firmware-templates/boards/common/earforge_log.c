/* earforge_log.c: logging on earforge_board_putc. */
#include "earforge_log.h"
#include "earforge_board.h"

void ef_log_str(const char *s)
{
    while (*s) earforge_board_putc(*s++);
}

void ef_log_int(int64_t v)
{
    char buf[21];
    int n = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        buf[n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u != 0);
    if (v < 0) earforge_board_putc('-');
    while (n > 0) earforge_board_putc(buf[--n]);
}

void ef_log_milli(int64_t v)
{
    if (v < 0) {
        earforge_board_putc('-');
        v = -v;
    }
    ef_log_int(v / 1000);
    earforge_board_putc('.');
    const int64_t f = v % 1000;
    earforge_board_putc((char)('0' + (int)(f / 100)));
    earforge_board_putc((char)('0' + (int)(f / 10 % 10)));
    earforge_board_putc((char)('0' + (int)(f % 10)));
}

void ef_log_nl(void)
{
    earforge_board_putc('\r');
    earforge_board_putc('\n');
}
