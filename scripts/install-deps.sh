#!/usr/bin/env bash
# Installs the Debian packages earforge builds and tests with (idempotent; needs root or sudo).
#   base:   JDK 17, Maven, host gcc (generated C on the host)
#   boards: Arm and RISC-V cross compilers with newlib/picolibc, QEMU for the virtual boards (qemu-m4, qemu-m7,
#           qemu-rv32), stlink-tools and openocd (flash tests: they must start and fail cleanly without a probe),
#           gcc-xtensa-lx106 (compile check of the portable kernels for an Xtensa core),
#           chromium (headless screenshot test of `earforge verify`'s report.html)
# `scripts/install-deps.sh base` installs only the first group.
set -euo pipefail
pkgs=(openjdk-17-jdk-headless maven gcc make)
if [ "${1:-all}" != base ]; then
  pkgs+=(gcc-arm-none-eabi libnewlib-arm-none-eabi picolibc-arm-none-eabi qemu-system-arm
         gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-system-misc
         stlink-tools openocd gcc-xtensa-lx106 chromium)
fi
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
