/* A stand-in for Windows' bcryptprimitives.dll, for Wine only (scripts/wine-run puts it in
 * the prefix). Rust's standard library gets its random numbers from ProcessPrng in that
 * DLL, which Windows 10 and later have and Wine 8 lacks: without it every Rust program
 * exits at start with code 53. This forwards to RtlGenRandom (advapi32's
 * SystemFunction036), which Wine has. Never shipped to a real Windows computer. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len > 0) {
    ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
    if (!SystemFunction036(data, chunk)) return FALSE;
    data += chunk;
    len -= chunk;
  }
  return TRUE;
}
