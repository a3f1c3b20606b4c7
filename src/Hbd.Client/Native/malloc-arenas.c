/*
 * Linked into every Native AOT build of hbc. glibc gives each thread that calls malloc an arena of its own, up to eight
 * per core, and the agent's threads (the runtime's, the thread pool's, the hang guard) made nine: a page or more
 * resident in every one, about 50 kB in all for a few small blocks each. The agent mallocs rarely, so its threads share
 * the first arena at no cost in waiting (docs/benchmarks.md, footprint).
 *
 * A constructor, so that it runs before the runtime starts its first thread: mallopt from Main would come after the
 * finalizer thread, which sometimes made its arena first. No headers: the sysroot builds compile with -nostdinc.
 */
int mallopt(int parameter, int value);

#define HBC_M_ARENA_MAX (-8) /* M_ARENA_MAX in glibc's malloc.h; musl's mallopt accepts and ignores it */

__attribute__((constructor)) static void hbc_share_one_malloc_arena(void)
{
    mallopt(HBC_M_ARENA_MAX, 1);
}
