// Darwin Core Archives (meta.xml, zipped, tarred or a directory; Occurrence and Event cores) and
// Simple Darwin Core XML.
#include "io/occurrence_rows.hpp"

namespace biodash::occurrence {

// ---- Darwin Core Archive -----------------------------------------------------------------

struct XmlDoc {
  CPLXMLNode* root = nullptr;  // owned
  explicit XmlDoc(const std::string& text) : root(CPLParseXMLString(text.c_str())) {}
  ~XmlDoc() {
    if (root) CPLDestroyXMLNode(root);
  }
  XmlDoc(const XmlDoc&) = delete;
  XmlDoc& operator=(const XmlDoc&) = delete;
};

std::string_view local_name(const char* name) {
  std::string_view n(name ? name : "");
  const size_t c = n.find(':');
  return c == std::string_view::npos ? n : n.substr(c + 1);
}

const CPLXMLNode* find_element(const CPLXMLNode* n, std::string_view name) {
  for (; n; n = n->psNext) {
    if (n->eType == CXT_Element && local_name(n->pszValue) == name) return n;
  }
  return nullptr;
}

const CPLXMLNode* find_deep(const CPLXMLNode* n, std::string_view name) {
  for (; n; n = n->psNext) {
    if (n->eType != CXT_Element) continue;
    if (local_name(n->pszValue) == name) return n;
    if (const CPLXMLNode* c = find_deep(n->psChild, name)) return c;
  }
  return nullptr;
}

std::string attr(const CPLXMLNode* n, const char* key, const char* def = "") {
  for (const CPLXMLNode* c = n->psChild; c; c = c->psNext)
    if (c->eType == CXT_Attribute && local_name(c->pszValue) == key && c->psChild &&
        c->psChild->pszValue)
      return c->psChild->pszValue;
  return def;
}

bool has_attr(const CPLXMLNode* n, const char* key) {
  for (const CPLXMLNode* c = n->psChild; c; c = c->psNext)
    if (c->eType == CXT_Attribute && local_name(c->pszValue) == key) return true;
  return false;
}

std::string unescape(const std::string& s) {
  std::string o;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char c = s[++i];
      o.push_back(c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c);
    } else {
      o.push_back(s[i]);
    }
  }
  return o;
}

// Where a Darwin Core Archive's files are: a folder, or a zip/tar(.gz) read through GDAL.
struct DwcaSource {
  std::string path;            // as given (messages)
  std::string root;            // "dir/" or "/vsizip/file.zip/" (with the trailing '/')
  bool is_dir = false;         // a folder (its files are mapped, not copied)
  std::string root_real;       // folder: its canonical path
  uint64_t archive_bytes = 0;  // zip/tar: the archive file's size (the unpack ratio guard)
};

// Why `location` (a file name from meta.xml) could name a file outside its archive, or "".
std::string outside_reason(const std::string& location) {
  if (location.empty()) return "is empty";
  if (location[0] == '/' || location[0] == '\\') return "is an absolute path";
  if (location.size() >= 2 && location[1] == ':' &&
      std::isalpha(static_cast<unsigned char>(location[0])))
    return "is an absolute path";
  if (location.find("://") != std::string::npos) return "is a URL";
  size_t b = 0;
  while (b <= location.size()) {
    size_t e = location.find_first_of("/\\", b);
    if (e == std::string::npos) e = location.size();
    if (location.compare(b, e - b, "..") == 0) return "climbs out of the archive with '..'";
    b = e + 1;
  }
  return "";
}

// The path to open for file `name` of the archive (`dir` + a meta.xml <location>, or meta.xml
// itself), refused (Error naming the value, meta.xml and the archive) unless it is a file
// inside the archive: no absolute path, no '..', in a folder no link leading out of it and no
// FIFO, device or other non-regular file.
std::string member_path(const DwcaSource& a, const std::string& dir, const std::string& name,
                        const std::string& meta_label) {
  auto refuse = [&](const std::string& why) {
    throw Error(meta_label + ": location '" + name + "' " + why +
                ": a Darwin Core Archive may only name files inside its own " +
                (a.is_dir ? "folder (" : "archive (") + a.path + ")");
  };
  const std::string why = outside_reason(name);
  if (!why.empty()) refuse(why);
  const std::string full = a.root + dir + name;
  if (!a.is_dir) return full;
  char* real = ::realpath(full.c_str(), nullptr);
  if (!real) refuse(std::string("cannot be opened: ") + std::strerror(errno));
  const std::string r = real;
  std::free(real);
  if (r.compare(0, a.root_real.size() + 1, a.root_real + "/") != 0)
    refuse("is a link to " + r + ", outside the folder");
  struct stat st {};
  if (::stat(full.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    try {
      require_regular_file(full, nullptr);
    } catch (const Error& e) {
      const std::string m = e.what();
      refuse(m.substr(m.find(": ") + 2));
    }
  }
  return full;
}

// Reads archive member or folder file `full` (from member_path) into `b`: a folder's file is
// mapped; an archive member is unpacked whole (meta.xml, an Event core).
void open_member(ByteSource& b, const DwcaSource& a, const std::string& full,
                 const std::string& label, uint64_t max_bytes = ~uint64_t{0}) {
  if (a.is_dir) {
    b.open_file(full, "a Darwin Core Archive file");
    if (b.view().size() > max_bytes)
      throw Error(label + ": " + mib(b.view().size()) + ", more than the " + mib(max_bytes) +
                  " allowed");
  } else {
    b.open_vsi(full, label, a.archive_bytes, max_bytes);
  }
}

// The data file read_text parses: a folder's file is mapped; an archive member is streamed a
// window at a time.
void open_data_member(ByteSource& b, const DwcaSource& a, const std::string& full,
                      const std::string& label) {
  if (a.is_dir)
    b.open_file(full, "a Darwin Core Archive file");
  else
    b.open_vsi_stream(full, label, a.archive_bytes);
}

std::string row_type_name(const std::string& uri) {
  const size_t c = uri.find_last_of("/#");
  return c == std::string::npos ? uri : uri.substr(c + 1);
}

// One <core> or <extension> table of meta.xml: how its data file is written and which field
// holds which term.
struct DwcaTable {
  std::string row_type;                        // local name of rowType ("Occurrence", "Event", ...)
  std::string location;                        // data file, relative to meta.xml's folder
  Dialect dialect;                             // delimiter and quote
  size_t header_lines = 0;                     // ignoreHeaderLines
  bool cp1252 = false;                         // declared encoding is not UTF-8
  ColumnPlan plan;                             // term -> field index, or default value
  std::map<std::string, std::string> columns;  // term name -> "#index localName"
  int max_index = -1;                          // highest field index declared (-1 = none)
  std::string max_term;                        // its term
  int key_col = -1;                            // <id index> (core) or <coreid index> (extension)
  int event_id_col = -1;                       // eventID field
  int parent_col = -1;                         // parentEventID field
  std::string lines_note;                      // linesTerminatedBy read as \n ("" = none)
  std::map<std::string, int> field_index;      // lower-case local term name -> field index
};

DwcaTable parse_dwca_table(const CPLXMLNode* table, const std::string& meta_label) {
  DwcaTable t;
  const bool is_core = local_name(table->pszValue) == "core";
  const std::string what = is_core ? "<core>" : "<extension>";
  t.row_type = row_type_name(attr(table, "rowType"));
  const CPLXMLNode* files_el = find_element(table->psChild, "files");
  const CPLXMLNode* loc = files_el ? find_element(files_el->psChild, "location") : nullptr;
  if (!loc || !loc->psChild || !loc->psChild->pszValue)
    throw Error(meta_label + ": " + what + " has no <files><location>");
  t.location = loc->psChild->pszValue;
  const std::string ft = unescape(attr(table, "fieldsTerminatedBy", ","));
  const std::string fe = unescape(attr(table, "fieldsEnclosedBy", "\""));
  const std::string lt = unescape(attr(table, "linesTerminatedBy", "\n"));
  if (ft.size() != 1) throw Error(meta_label + ": fieldsTerminatedBy '" + ft + "' unsupported");
  if (fe.size() > 1) throw Error(meta_label + ": fieldsEnclosedBy '" + fe + "' unsupported");
  if (lt != "\n" && lt != "\r\n")
    t.lines_note = "linesTerminatedBy '" + attr(table, "linesTerminatedBy") + "' read as \\n";
  t.dialect.delimiter = ft[0];
  t.dialect.quote = fe.empty() ? '\0' : fe[0];
  t.header_lines =
      static_cast<size_t>(std::max(0, std::atoi(attr(table, "ignoreHeaderLines", "0").c_str())));
  const std::string enc = lower(attr(table, "encoding", "UTF-8"));
  t.cp1252 = enc.find("8859") != std::string::npos || enc.find("1252") != std::string::npos ||
             enc.find("latin") != std::string::npos;
  if (const CPLXMLNode* id = find_element(table->psChild, is_core ? "id" : "coreid"))
    if (has_attr(id, "index")) t.key_col = std::atoi(attr(id, "index").c_str());
  for (const CPLXMLNode* f = table->psChild; f; f = f->psNext) {
    if (f->eType != CXT_Element || local_name(f->pszValue) != "field") continue;
    const std::string term_uri = attr(f, "term");
    const std::string local = row_type_name(term_uri);
    const bool indexed = has_attr(f, "index");
    const int idx = indexed ? std::atoi(attr(f, "index").c_str()) : -1;
    if (indexed && idx > t.max_index) {
      t.max_index = idx;
      t.max_term = term_uri;
    }
    if (indexed && idx >= 0) t.field_index.emplace(lower(local), idx);
    if (indexed && idx >= 0 && lower(local) == "eventid" && t.event_id_col < 0)
      t.event_id_col = idx;
    if (indexed && idx >= 0 && lower(local) == "parenteventid" && t.parent_col < 0)
      t.parent_col = idx;
    Term term;
    if (term_from_key(local, term) || term_from_name(local, term)) {
      const size_t k = static_cast<size_t>(term);
      if (indexed) {
        if (idx < 0) throw Error(meta_label + ": negative field index for " + term_uri);
        if (t.plan.col[k] < 0) {
          t.plan.col[k] = idx;
          t.columns[term_name(term)] = "#" + std::to_string(idx) + " " + local;
        }
      } else if (has_attr(f, "default")) {
        t.plan.deflt[k] = attr(f, "default");
      }
    }
  }
  if (t.key_col < 0) t.key_col = -1;  // a negative index: as absent
  return t;
}

// Reads the events of an Event core (`data`, laid out as `ev` says, keyed by field `key`) into
// an EventIndex: each event's own values of the inherited terms, and per group the event
// (itself or its nearest parentEventID ancestor) that supplies them. Remarks go to rep.notes.
EventIndex read_event_index(std::string_view data, const DwcaTable& ev, size_t key,
                            bool from_cp1252, const std::string& label, IngestReport& rep) {
  EventIndex ix;
  ix.has_point = ev.plan.has(Term::Longitude) && ev.plan.has(Term::Latitude);
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
      s.remove_suffix(1);
    return s;
  };
  auto value = [&](const std::vector<std::string_view>& f, Term t) -> std::string_view {
    const size_t k = static_cast<size_t>(t);
    const int c = ev.plan.col[k];
    if (c >= 0 && static_cast<size_t>(c) < f.size()) return trim(f[c]);
    return ev.plan.deflt[k];
  };
  size_t pos = data.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  std::vector<std::string_view> f;
  std::vector<std::string> scratch;
  uint32_t line = 1;
  for (size_t h = 0; h < ev.header_lines && pos < data.size(); ++h) {
    const RecordScan r = scan_record(data, pos, ev.dialect, f, scratch);
    pos = r.next;
    line += r.newlines;
  }
  // Own values (event e, inherited term j at e * kNInherited + j) and parent ids: temporary.
  std::vector<uint32_t> own_off;
  std::vector<std::string> parent;
  uint64_t duplicates = 0, no_id = 0;
  std::string first_duplicate, first_no_id;
  while (pos < data.size()) {
    const RecordScan r = scan_record(data, pos, ev.dialect, f, scratch);
    const uint32_t at = line;
    pos = r.next;
    line += r.newlines;
    if (r.unclosed_quote) {
      rep.notes.push_back(label + ":" + std::to_string(at) +
                          ": unterminated quoted field; the rest of the event file is not read");
      break;
    }
    if (f.size() == 1 && trim(f[0]).empty()) continue;  // blank line
    const std::string_view id = key < f.size() ? trim(f[key]) : std::string_view();
    if (id.empty()) {
      if (!no_id++) first_no_id = label + ":" + std::to_string(at);
      continue;
    }
    const auto [it, fresh] = ix.ids.emplace(std::string(id), static_cast<uint32_t>(parent.size()));
    if (!fresh) {
      if (!duplicates++)
        first_duplicate = label + ":" + std::to_string(at) + " ('" + to_utf8(id) + "')";
      continue;
    }
    for (Term t : kInherited) {
      own_off.push_back(static_cast<uint32_t>(ix.pool.size()));
      const std::string_view v = value(f, t);
      if (from_cp1252)
        ix.pool += cp1252_to_utf8(v);
      else
        ix.pool.append(v);
      if (ix.pool.size() > 0xFFFFFFF0u) throw Error(label + ": event file too large to index");
    }
    parent.emplace_back(ev.parent_col >= 0 && static_cast<size_t>(ev.parent_col) < f.size()
                            ? trim(f[ev.parent_col])
                            : std::string_view());
  }
  own_off.push_back(static_cast<uint32_t>(ix.pool.size()));
  ix.off = std::move(own_off);
  const size_t n = parent.size();
  // Parents.
  std::vector<int32_t> up(n, -1);
  uint64_t with_parent = 0, unknown_parent = 0;
  std::string first_unknown_parent;
  for (size_t e = 0; e < n; ++e) {
    if (parent[e].empty()) continue;
    ++with_parent;
    const auto it = ix.ids.find(parent[e]);
    if (it != ix.ids.end()) {
      up[e] = static_cast<int32_t>(it->second);
    } else if (!unknown_parent++) {
      first_unknown_parent = to_utf8(parent[e]);
    }
  }
  std::vector<std::string>().swap(parent);
  // Per group: the nearest event of the chain (the event first) that has the group's values;
  // a chain that comes back to an event already on it is cut there.
  auto own = [&](size_t e, size_t j) {
    return ix.off[e * kNInherited + j + 1] > ix.off[e * kNInherited + j];
  };
  auto present = [&](size_t e, size_t g) {
    if (g == 0) return own(e, 0) || own(e, 1);  // a point: longitude or latitude
    if (g == 1) return own(e, 3) || own(e, 4);  // a date: eventDate or year
    return own(e, 7);                           // recordedBy
  };
  ix.src.assign(n * kInheritGroups, -1);
  std::vector<int32_t> memo(n);
  std::vector<uint32_t> stamp(n);
  std::vector<uint32_t> path;
  uint64_t cycles = 0;
  std::string first_cycle;
  for (size_t g = 0; g < kInheritGroups; ++g) {
    std::fill(memo.begin(), memo.end(), -2);  // -2 = not resolved yet
    std::fill(stamp.begin(), stamp.end(), 0u);
    for (size_t e = 0; e < n; ++e) {
      path.clear();
      size_t cur = e;
      int32_t found = -1;
      while (true) {
        if (memo[cur] != -2) {
          found = memo[cur];
          break;
        }
        if (present(cur, g)) {
          found = static_cast<int32_t>(cur);
          memo[cur] = found;
          break;
        }
        if (stamp[cur] == e + 1) {  // back on this walk's path: a cycle
          if (g == 0 && !cycles++)
            for (const auto& [name, id] : ix.ids)
              if (id == cur) first_cycle = to_utf8(name);
          break;
        }
        stamp[cur] = static_cast<uint32_t>(e + 1);
        path.push_back(static_cast<uint32_t>(cur));
        if (up[cur] < 0) break;
        cur = static_cast<size_t>(up[cur]);
      }
      for (uint32_t p : path) memo[p] = found;
      ix.src[e * kInheritGroups + g] = found;
    }
  }
  rep.notes.push_back("Event core " + label.substr(label.rfind('/') + 1) + ": " +
                      std::to_string(n) + " events (" + std::to_string(with_parent) +
                      " with a parentEventID); occurrences lacking coordinates, date or "
                      "recordedBy take them from their event or its parents");
  if (unknown_parent)
    rep.notes.push_back(std::to_string(unknown_parent) +
                        " event(s) name a parentEventID that is not an event (first: '" +
                        first_unknown_parent + "'): nothing inherited from it");
  if (cycles)
    rep.notes.push_back("parentEventID chains run in a cycle (through event '" + first_cycle +
                        "'): cut where they repeat");
  if (duplicates)
    rep.notes.push_back(std::to_string(duplicates) + " event row(s) repeat an event ID (first: " +
                        first_duplicate + "): the first row of each ID is used");
  if (no_id)
    rep.notes.push_back(std::to_string(no_id) +
                        " event row(s) without an event ID (first: " + first_no_id + ") ignored");
  return ix;
}

ObservationStore read_dwca(const std::string& path, const std::string& root,
                           const OccurrenceOptions& opts, IngestReport& rep,
                           const std::function<bool(double)>& progress) {
  rep.format = "Darwin Core Archive";
  DwcaSource a;
  a.path = path;
  a.root = root;
  a.is_dir = root.rfind("/vsi", 0) != 0;
  if (a.is_dir) {
    char* real = ::realpath(path.c_str(), nullptr);
    if (!real) throw Error(path + ": cannot open folder: " + std::strerror(errno));
    a.root_real = real;
    std::free(real);
    if (a.root_real == "/") a.root_real.clear();  // (every file is inside "/")
  } else {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) a.archive_bytes = static_cast<uint64_t>(st.st_size);
  }
  // Find meta.xml (not under __MACOSX). A folder: its own meta.xml (read_occurrences checked
  // it is there); its tree is not walked (a link inside could lead anywhere).
  std::vector<std::string> files;
  if (a.is_dir) files.push_back("meta.xml");
  char** list = a.is_dir ? nullptr : VSIReadDirRecursive(root.substr(0, root.size() - 1).c_str());
  if (list) {
    for (char** p = list; *p; ++p) {
      std::string f = *p;
      if (f.rfind("__MACOSX", 0) == 0 || f.find("/._") != std::string::npos ||
          f.rfind("._", 0) == 0 || f.empty() || f.back() == '/')
        continue;
      VSIStatBufL sb;
      if (VSIStatL((root + f).c_str(), &sb) == 0 && VSI_ISDIR(sb.st_mode)) continue;
      files.push_back(f);
    }
    CSLDestroy(list);
  }
  std::string meta;
  for (const auto& f : files)
    if (lower(f) == "meta.xml" || ends_with(lower(f), "/meta.xml"))
      if (meta.empty() || f.size() < meta.size()) meta = f;
  if (meta.empty()) {
    if (files.size() == 1) {
      rep.format = "delimited text in archive";
      rep.notes.push_back("archive has no meta.xml; read its single file " + files[0] +
                          " as delimited text with a header row");
      rep.data_file = path + "/" + files[0];
      ByteSource b;
      open_data_member(b, a, member_path(a, "", files[0], path), rep.data_file);
      TextSpec spec;
      spec.label = rep.data_file;
      return read_text(b, spec, opts, rep, progress);
    }
    std::string names;
    for (const auto& f : files) names += (names.empty() ? "" : ", ") + f;
    throw Error(path + ": not a Darwin Core Archive: no meta.xml, and " +
                std::to_string(files.size()) + " files (" + names +
                ") instead of a single data file");
  }
  const std::string dir = meta.substr(0, meta.size() - 8);  // with trailing '/' or ""
  const std::string meta_label = path + "/" + meta;
  std::string text;
  {
    ByteSource mb;
    open_member(mb, a, member_path(a, "", meta, path), meta_label, kMaxMetaXml);
    text = std::string(mb.view());
  }
  CPLErrorReset();
  XmlDoc doc(text);
  if (!doc.root)
    throw Error(meta_label + ": meta.xml is not well-formed XML: " +
                gdal_last_error("the XML parser gave no reason"));
  const CPLXMLNode* archive = find_deep(doc.root, "archive");
  if (!archive) throw Error(meta_label + ": no <archive> element");
  const CPLXMLNode* core = find_element(archive->psChild, "core");
  if (!core) throw Error(meta_label + ": no <core> element");
  const std::string core_type = row_type_name(attr(core, "rowType"));
  std::vector<const CPLXMLNode*> extensions;
  for (const CPLXMLNode* e = archive->psChild; e; e = e->psNext)
    if (e->eType == CXT_Element && local_name(e->pszValue) == "extension") extensions.push_back(e);
  const CPLXMLNode* table = core;
  const CPLXMLNode* event_core = nullptr;  // Event core whose Occurrence extension is read
  if (core_type != "Occurrence" && core_type != "DarwinCore") {
    for (const CPLXMLNode* e : extensions)
      if (!event_core && row_type_name(attr(e, "rowType")) == "Occurrence") {
        event_core = core;
        table = e;
      }
    if (core_type != "Event" || !event_core) {
      std::string ext_types;
      for (const CPLXMLNode* e : extensions) ext_types += " " + row_type_name(attr(e, "rowType"));
      throw Error(meta_label + ": the archive's core is rowType " + core_type +
                  (ext_types.empty() ? "" : " (extensions:" + ext_types + ")") +
                  ", not Occurrence: no occurrence records to read" +
                  (core_type == "Event" ? " (an Event core needs an Occurrence extension)" : ""));
    }
  }
  const size_t n_other = extensions.size() - (event_core ? 1 : 0);
  if (n_other)
    rep.notes.push_back(std::to_string(n_other) + " extension(s) not read (" +
                        (event_core ? "the Occurrence extension only" : "core only") + ")");
  DwcaTable occ = parse_dwca_table(table, meta_label);
  if (!occ.lines_note.empty()) rep.notes.push_back(occ.lines_note);
  TextSpec spec;
  spec.detect_dialect = false;
  spec.has_header_names = false;
  spec.dialect = occ.dialect;
  spec.header_lines = occ.header_lines;
  spec.force_cp1252 = occ.cp1252;
  spec.plan = occ.plan;
  spec.max_declared_index = occ.max_index;
  spec.max_declared_term = occ.max_term;
  for (const auto& [term, column] : occ.columns) rep.columns[term] = column;
  for (const auto& [key, column] : opts.mapping) {
    Term t;
    if (!term_from_key(key, t)) throw Error(path + ": --map " + key + ": not a known term");
    const size_t k = static_cast<size_t>(t);
    if (column.empty()) {  // "this term: no column"
      spec.plan.col[k] = -1;
      spec.plan.deflt[k].clear();
      rep.columns.erase(term_name(t));
      continue;
    }
    // A field of meta.xml by its term's name ("genus", "dwc:vernacularName"), or by index.
    int idx = -1;
    if (std::all_of(column.begin(), column.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      idx = std::atoi(column.c_str());
    } else {
      const std::string name = lower(row_type_name(column.substr(column.find(':') + 1)));
      const auto f = occ.field_index.find(name);
      if (f == occ.field_index.end())
        throw Error(path + ": --map " + key + "=" + column + ": meta.xml declares no field '" +
                    column + "' in " + occ.location + " (give a term name or a 0-based index)");
      idx = f->second;
    }
    spec.plan.col[k] = idx;
    rep.columns[term_name(t)] = "#" + std::to_string(idx) + " " + column;
  }
  // geodeticDatum default: a declared CRS for all rows.
  std::string datum = spec.plan.deflt[static_cast<size_t>(Term::GeodeticDatum)];
  // Event core: the events, reduced to what their occurrences inherit.
  EventIndex events;
  if (event_core) {
    const DwcaTable ev = parse_dwca_table(event_core, meta_label);
    const int key = ev.key_col >= 0 ? ev.key_col : ev.event_id_col;
    if (key < 0)
      throw Error(meta_label + ": the Event core has neither <id index=...> nor an eventID field");
    if (occ.key_col < 0)
      throw Error(meta_label + ": the Occurrence extension has no <coreid index=...>");
    if (!ev.lines_note.empty()) rep.notes.push_back("Event core: " + ev.lines_note);
    const std::string ev_label = path + "/" + dir + ev.location;
    {
      ByteSource eb;
      open_member(eb, a, member_path(a, dir, ev.location, meta_label), ev_label);
      events = read_event_index(eb.view(), ev, static_cast<size_t>(key), ev.cp1252 && !occ.cp1252,
                                ev_label, rep);
    }
    if (occ.cp1252 && !ev.cp1252)
      rep.notes.push_back(
          "the Event core is UTF-8 but the Occurrence extension is not: "
          "inherited text is read as the extension's encoding");
    spec.events = &events;
    spec.coreid_col = static_cast<size_t>(occ.key_col);
    for (Term t : kInherited) {
      const auto e = ev.columns.find(term_name(t));
      if (e == ev.columns.end()) continue;
      auto& c = rep.columns[term_name(t)];  // "#3 eventDate (else event.txt #4)"
      c = c.empty()
              ? ev.location + " " + e->second
              : c + " (else " + ev.location + " " + e->second.substr(0, e->second.find(' ')) + ")";
    }
    if (datum.empty()) datum = ev.plan.deflt[static_cast<size_t>(Term::GeodeticDatum)];
  }
  if (!datum.empty() && datum != "WGS84" && datum != "EPSG:4326" && crs_valid(datum))
    spec.declared_crs = datum;
  rep.data_file = path + "/" + dir + occ.location;
  spec.label = rep.data_file;
  ByteSource b;
  open_data_member(b, a, member_path(a, dir, occ.location, meta_label), rep.data_file);
  return read_text(b, spec, opts, rep, progress);
}

// ---- Simple Darwin Core XML --------------------------------------------------------------

ObservationStore read_simple_dwc_xml(const std::string& path, const ByteSource& src,
                                     const OccurrenceOptions& opts, IngestReport& rep,
                                     const std::function<bool(double)>& progress) {
  rep.format = "Simple Darwin Core XML";
  rep.bytes = src.view().size();
  CPLErrorReset();
  XmlDoc doc{std::string(src.view())};
  if (!doc.root)
    throw Error(path +
                ": not well-formed XML: " + gdal_last_error("the XML parser gave no reason"));
  const CPLXMLNode* set = find_deep(doc.root, "SimpleDarwinRecordSet");
  if (!set) throw Error(path + ": no SimpleDarwinRecordSet element");
  // Rows: one field per term, in term order.
  ColumnPlan plan;
  for (size_t k = 0; k < kTermCount; ++k) plan.col[k] = static_cast<int>(k);
  std::vector<std::vector<std::string>> rows;
  for (const CPLXMLNode* r = set->psChild; r; r = r->psNext) {
    if (r->eType != CXT_Element || local_name(r->pszValue) != "SimpleDarwinRecord") continue;
    std::vector<std::string> row(kTermCount);
    std::array<int, kTermCount> rank;
    rank.fill(1 << 30);
    for (const CPLXMLNode* e = r->psChild; e; e = e->psNext) {
      if (e->eType != CXT_Element) continue;
      Term t;
      const int rk = term_alias_rank(local_name(e->pszValue), t);
      if (rk < 0 || rk >= rank[static_cast<size_t>(t)]) continue;
      rank[static_cast<size_t>(t)] = rk;
      const CPLXMLNode* txt = e->psChild;
      while (txt && txt->eType != CXT_Text) txt = txt->psNext;
      row[static_cast<size_t>(t)] = txt && txt->pszValue ? txt->pszValue : "";
    }
    rows.push_back(std::move(row));
  }
  std::vector<std::pair<double, double>> sample;
  for (const auto& row : rows) {
    double x, y;
    if (parse_decimal(row[static_cast<size_t>(Term::Longitude)], x) &&
        parse_decimal(row[static_cast<size_t>(Term::Latitude)], y))
      sample.push_back({x, y});
  }
  const CoordMode mode = decide_crs(sample, opts, "", path, rep);
  std::vector<Builder> bs(1);
  bs[0].plan = &plan;
  bs[0].mode = mode;
  std::vector<std::string_view> fs(kTermCount);
  for (size_t i = 0; i < rows.size(); ++i) {
    for (size_t k = 0; k < kTermCount; ++k) fs[k] = rows[i][k];
    bs[0].add(fs, static_cast<uint32_t>(i + 1));
  }
  for (size_t i = 0; i < bs[0].st.size(); ++i) bs[0].bbox_src.expand(bs[0].st.x[i], bs[0].st.y[i]);
  if (mode != CoordMode::Unknown) bs[0].transform(rep.src_crs, opts.project_crs);
  rep.notes.push_back("line numbers are record numbers (n-th SimpleDarwinRecord)");
  ObservationStore st = merge(bs, path + " record", rep);
  if (progress && !progress(1.0)) throw Cancelled();
  return st;
}

}  // namespace biodash::occurrence
