#pragma once
// Outputs never replace inputs: before biodash writes a file (CLI --out, a window export, a
// saved view) the output path is compared with every input of the run or file loaded in the
// window, through links and GDAL's virtual paths, by device and inode.
#include <string>
#include <vector>

namespace biodash {

// The file on disk behind an input spec: "FILE", "FILE:LAYER", "/vsizip/ARCHIVE.zip/member",
// "/vsigzip/FILE.gz", a Darwin Core Archive folder. "" when none exists.
std::string file_of_input(const std::string& spec);

// The input (as given) that `output` would replace — the same file, also through a symbolic
// or hard link — or "" when none.
std::string input_replaced_by(const std::string& output, const std::vector<std::string>& inputs);

// Throws Error "OUT is an input of this run (SPEC); choose another output file" when `output`
// would replace one of `inputs`.
void refuse_output_onto_input(const std::string& output, const std::vector<std::string>& inputs);

}  // namespace biodash
