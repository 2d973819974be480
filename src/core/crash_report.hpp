#pragma once
// Last words on a crash: on SIGSEGV, SIGBUS, SIGFPE, SIGILL or SIGABRT biodash writes
// "biodash: fatal signal N (NAME)" and a raw stack (backtrace_symbols_fd: module+offset and
// address per frame, resolvable with `addr2line -e biodash`) to stderr, then dies of the same
// signal (exit status and core dump as without the handler). For unattended screens (the
// kiosk's journal) and CI logs, where a bare "Segmentation fault" says nothing.
namespace biodash {

// Installs the handler (on an alternate signal stack, so a stack overflow is reported too).
// Idempotent; call early in main().
void install_crash_report();

}  // namespace biodash
