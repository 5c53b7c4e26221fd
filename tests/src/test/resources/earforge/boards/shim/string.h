/* string.h for compile checks with a bare cross compiler that ships no C library (Debian's xtensa-lx106-elf-gcc):
   the declarations the portable earforge C uses; nothing is linked. */
#ifndef EARFORGE_SHIM_STRING_H
#define EARFORGE_SHIM_STRING_H
#include <stddef.h>
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
#endif
