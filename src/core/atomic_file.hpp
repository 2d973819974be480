#pragma once
// Atomic file replacement, the one implementation every writer uses (aggregation results,
// PNG exports, sessions, the demo generator): write to a temporary file in the target's own
// folder (same file system), then rename it over the target. A reader sees the old file or
// the new one, never half of one; a failed write leaves the old file as it was and removes
// the temporary file.
#include <string>
#include <string_view>

namespace biodash {

// Temporary path for `path`: a hidden file beside it keeping its extension,
// ".<stem>.tmp<pid><.ext>" (GDAL drivers choose and check by the extension).
std::string atomic_temp_path(const std::string& path);
// Renames `tmp` over `path`; on failure removes `tmp` and throws Error naming `path`.
void replace_with(const std::string& tmp, const std::string& path);
// Removes `tmp` if it exists (after a failed write); never throws.
void discard_temp(const std::string& tmp) noexcept;
// Writes `content` to `path` atomically; throws Error naming `path` (folder missing, not
// writable, disk full...).
void write_file_atomically(const std::string& path, std::string_view content);

}  // namespace biodash
