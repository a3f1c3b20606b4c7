/*
 * Linked into hbc only when it is built through a sysroot (scripts/build-packages.sh), with -Wl,--wrap=pow,--wrap=log.
 * glibc 2.29 gave pow and log new symbol versions: the same functions, less the old SVID error handling that only
 * matherr and _LIB_VERSION ever saw. Calling the versions that every glibc has had since the architecture's first
 * release keeps the binary's newest glibc requirement at 2.17 for these two, so it runs on glibc 2.28 (RHEL 8).
 */
#if defined(__x86_64__)
#define HBC_FIRST_GLIBC "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define HBC_FIRST_GLIBC "GLIBC_2.17"
#else
#error "hbc's glibc compatibility shim knows x86_64 and aarch64 only"
#endif

double hbc_first_pow(double x, double y);
double hbc_first_log(double x);
__asm__(".symver hbc_first_pow, pow@" HBC_FIRST_GLIBC);
__asm__(".symver hbc_first_log, log@" HBC_FIRST_GLIBC);

double __wrap_pow(double x, double y);
double __wrap_log(double x);

double __wrap_pow(double x, double y) { return hbc_first_pow(x, y); }
double __wrap_log(double x) { return hbc_first_log(x); }
