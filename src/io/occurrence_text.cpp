// Delimited text (CSV, TSV, GBIF downloads, iNaturalist exports, DwC-A data files): dialect and
// header detection, parallel parsing of large unquoted files into builders.
#include "io/occurrence_rows.hpp"

namespace biodash::occurrence {

namespace {

// Refuses a line longer than kMaxRecord before it is split into fields (its fields could take
// many times its size): a watermark, one memrchr per 16 MiB of data rather than a check per
// record. check(p) before a record starting at p; positions below ok() end within 16 MiB.
// `data` may be one window of a streamed member: `first_byte` is its offset in the member.
class LineGuard {
 public:
  LineGuard(std::string_view data, size_t end, size_t body, uint32_t body_line,
            const std::string& label, uint64_t first_byte = 0)
      : data_(data),
        end_(end),
        body_(body),
        body_line_(body_line),
        label_(label),
        first_byte_(first_byte) {}
  void check(size_t p) {
    if (p < ok_) return;
    const size_t span = std::min(end_ - p, kMaxRecord);
    const void* hit = memrchr(data_.data() + p, '\n', span);
    if (hit) {
      ok_ = static_cast<size_t>(static_cast<const char*>(hit) - data_.data()) + 1;
    } else if (end_ - p > kMaxRecord) {
      const uint64_t line = body_line_ + static_cast<uint64_t>(std::count(data_.begin() + body_,
                                                                          data_.begin() + p, '\n'));
      throw Error(label_ + ":" + std::to_string(line) + ": a line longer than " + mib(kMaxRecord) +
                  " (no line end in the " + mib(kMaxRecord) + " from byte " +
                  std::to_string(first_byte_ + p) + "): not read");
    } else {
      ok_ = end_;
    }
  }

 private:
  std::string_view data_;     // the file
  size_t end_;                // end of the range checked
  size_t body_;               // first data byte
  uint32_t body_line_;        // its line number
  const std::string& label_;  // file name in messages
  uint64_t first_byte_;       // offset of data_ in the file
  size_t ok_ = 0;             // every line starting below this ends within kMaxRecord
};

}  // namespace

ObservationStore read_text(ByteSource& src, TextSpec spec, const OccurrenceOptions& opts,
                           IngestReport& rep, const std::function<bool(double)>& progress) {
  std::string_view data = src.view();  // a streamed member: its first window
  std::string unix_ends;               // a copy, for a file with classic Mac line ends (lone '\r')
  if (classic_mac_line_ends(data.substr(0, 1 << 16)) && classic_mac_line_ends(data)) {
    if (src.more()) {  // streamed: converted in place, this window and every later one
      src.cr_to_lf();
      data = src.view();
    } else {
      unix_ends = to_unix_line_ends(data);
      data = unix_ends;
    }
  }
  const size_t total_bytes = data.size();
  rep.bytes = total_bytes;
  size_t pos = 0;
  if (data.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  if (pos >= data.size()) throw Error(spec.label + ": file is empty");
  // A first line (a header) longer than kMaxHeaderLine: refused before anything scans on (a
  // binary or sparse file has no line end at all).
  auto check_header_line = [&](size_t at, uint32_t at_line) {
    if (data.size() - at > kMaxHeaderLine &&
        data.substr(at, kMaxHeaderLine).find('\n') == std::string_view::npos)
      throw Error(spec.label + ":" + std::to_string(at_line) + ": no line end in the first " +
                  mib(kMaxHeaderLine) + " of the " + (at_line == 1 ? "file" : "line") +
                  ": a header line that long is not delimited text (binary data?)");
  };
  check_header_line(pos, 1);
  if (spec.detect_dialect) {
    const size_t eol = data.find('\n', pos);
    spec.dialect.delimiter =
        detect_delimiter(data.substr(pos, eol == std::string_view::npos ? eol : eol - pos));
  }
  std::vector<std::string_view> fields;
  std::vector<std::string> scratch;
  uint32_t line = 1;
  // Header lines.
  for (size_t h = 0; h < spec.header_lines && pos < data.size(); ++h) {
    check_header_line(pos, line);
    RecordScan r = scan_record(data, pos, spec.dialect, fields, scratch);
    if (h == 0 && spec.has_header_names) {
      std::vector<std::string> names;
      for (auto f : fields) names.push_back(to_utf8(f));
      spec.plan = plan_from_header(names, opts.mapping, spec.label, rep);
      spec.plan.expected_fields = names.size();
    } else if (h == 0) {
      spec.plan.expected_fields = fields.size();
    }
    pos = r.next;
    line += r.newlines;
  }
  ColumnPlan& plan = spec.plan;
  // Event-core archives: rows are joined with their event, the inherited terms appended.
  ColumnPlan jplan;
  if (spec.events) {
    jplan = plan;  // inherited terms: fields after the row's own (set below)
    for (Term t : kInherited) jplan.deflt[static_cast<size_t>(t)].clear();
  }
  const bool has_xy = (plan.has(Term::Longitude) && plan.has(Term::Latitude)) ||
                      (spec.events && spec.events->has_point);
  if (!has_xy && plan.col[static_cast<size_t>(Term::LatLonPair)] < 0 && !spec.has_header_names)
    rep.notes.push_back("the archive declares no coordinate terms: every row lacks coordinates");
  if (!has_xy && plan.col[static_cast<size_t>(Term::LatLonPair)] < 0 && spec.has_header_names)
    throw Error(spec.label +
                ": no coordinate columns found (looked for decimalLatitude/decimalLongitude, "
                "latitude/longitude, lat/lon, x/y); map them with --map "
                "decimalLongitude=COLUMN --map decimalLatitude=COLUMN");
  // Headerless files: the first data row fixes the field count.
  const size_t body = pos;
  LineGuard head_guard(data, data.size(), body, line, spec.label);
  head_guard.check(body);
  if (!plan.expected_fields && body < data.size()) {
    scan_record(data, body, spec.dialect, fields, scratch);
    plan.expected_fields = fields.size();
  }
  if (spec.events) {  // (the joined rows' layout depends on the field count)
    for (size_t j = 0; j < kNInherited; ++j)
      jplan.col[static_cast<size_t>(kInherited[j])] = static_cast<int>(plan.expected_fields + j);
    jplan.expected_fields = plan.expected_fields + kNInherited;
  }
  auto set_join = [&](Builder& b) {
    if (!spec.events) return;
    b.events = spec.events;
    b.joined_plan = &jplan;
    b.coreid_col = spec.coreid_col;
  };
  size_t max_index = 0;
  for (size_t k = 0; k < kTermCount; ++k)
    if (plan.col[k] >= 0) max_index = std::max(max_index, static_cast<size_t>(plan.col[k]));
  // Sample coordinates for CRS detection.
  std::vector<std::pair<double, double>> sample;
  {
    Builder probe;
    probe.plan = &plan;
    set_join(probe);
    Builder jprobe;  // reads joined rows
    jprobe.plan = &jplan;
    size_t p = body;
    for (int k = 0; k < 4000 && p < data.size() && sample.size() < 2000; ++k) {
      head_guard.check(p);
      RecordScan r = scan_record(data, p, spec.dialect, fields, scratch);
      p = r.next;
      double x, y;
      if (spec.events) {
        bool unknown;
        const std::vector<std::string_view>* row = probe.join_row(fields, unknown);
        if (row && parse_decimal(jprobe.get(*row, Term::Longitude), x) &&
            parse_decimal(jprobe.get(*row, Term::Latitude), y))
          sample.push_back({x, y});
      } else if (plan.col[static_cast<size_t>(Term::LatLonPair)] >= 0 && !has_xy) {
        if (parse_latlon_pair(probe.get(fields, Term::LatLonPair), x, y)) sample.push_back({x, y});
      } else if (parse_decimal(probe.get(fields, Term::Longitude), x) &&
                 parse_decimal(probe.get(fields, Term::Latitude), y)) {
        sample.push_back({x, y});
      }
    }
  }
  const CoordMode mode = decide_crs(sample, opts, spec.declared_crs, spec.label, rep);
  // Split into chunks at line starts when no record can span lines: optimistically, each
  // thread checks its own bytes for the quote character just ahead of parsing them (no
  // serial pass over the whole file, and pages are touched once); when one turns up, the file
  // is parsed again on one thread with the quote-aware scanner.
  const std::string_view rest = data.substr(body);
  const char quote = spec.dialect.quote;
  unsigned max_threads = opts.threads > 0 ? static_cast<unsigned>(opts.threads)
                                          : std::max(1u, std::thread::hardware_concurrency());
  max_threads = std::min(max_threads, 8u);
  if (rest.size() < (1u << 20)) max_threads = 1;
  const double avg_line =
      sample.empty()
          ? 100.0
          : std::max<double>(
                16.0, double(std::min<size_t>(rest.size(), 1 << 20)) /
                          std::max<size_t>(
                              1, std::count(rest.begin(),
                                            rest.begin() + std::min<size_t>(rest.size(), 1 << 20),
                                            '\n')));
  std::vector<Builder> bs;
  std::vector<uint32_t> lines_in;
  unsigned nthreads = max_threads;
  // A streamed archive member: parsed on one thread a window at a time as it unpacks (the
  // inflating is serial anyway); a record cut by the window's end waits for the next window.
  const bool streamed = src.more();
  if (streamed) {
    nthreads = 1;
    bs = std::vector<Builder>(1);
    lines_in.assign(1, 0);
    Builder& b = bs[0];
    b.plan = &plan;
    set_join(b);
    const bool joining = b.events != nullptr;
    b.mode = mode;
    b.force_cp1252 = spec.force_cp1252;
    uint32_t rel = 1;
    const uint64_t declared = src.declared();
    for (size_t p = body;; p = 0) {
      const bool last = !src.more();
      const std::string_view w = src.view();
      // Records starting before `end` are whole in this window (up to its last line end);
      // the rest waits for the next window, unless this is the last.
      const void* last_nl = last ? nullptr : memrchr(w.data() + p, '\n', w.size() - p);
      const size_t end = last ? w.size()
                         : last_nl
                             ? static_cast<size_t>(static_cast<const char*>(last_nl) - w.data()) + 1
                             : p;
      const bool plain = !quote || !std::memchr(w.data() + p, quote, w.size() - p);
      LineGuard guard(w, w.size(), p, line + rel - 1, spec.label, src.dropped());
      while (p < end) {
        guard.check(p);
        if (plain) {
          uint32_t n = 0;
          const size_t next = split_plain_record(w, p, spec.dialect.delimiter, fields, n);
          joining ? b.add_joined(fields, rel) : b.add(fields, rel);
          rel += n;
          p = next;
          continue;
        }
        const RecordScan r = scan_record(w, p, spec.dialect, fields, scratch);
        if (r.next >= w.size() && !last) break;  // may be cut (a quoted field goes on)
        if (r.unclosed_quote) {
          ++b.rows;
          b.reject(Reject::UnclosedQuote, rel);
        } else {
          joining ? b.add_joined(fields, rel) : b.add(fields, rel);
        }
        rel += r.newlines;
        p = r.next;
      }
      if (last) break;
      if (p < w.size()) guard.check(p);  // the unfinished line: within kMaxRecord
      if (w.size() - p >= kMaxRecord)
        throw Error(spec.label + ":" + std::to_string(line + rel - 1) +
                    ": a quoted record longer than " + mib(kMaxRecord) + " (from byte " +
                    std::to_string(src.dropped() + p) + "): not read");
      src.next_window(p);  // keeps the unfinished record, appends the next bytes
      if (progress && declared > 0 &&
          !progress(0.9 * double(std::min(src.unpacked(), declared)) / double(declared)))
        throw Cancelled();
    }
    lines_in[0] = rel - 1;
    rep.bytes = src.unpacked();
    if (mode != CoordMode::Unknown) {
      for (size_t i = 0; i < b.st.size(); ++i) b.bbox_src.expand(b.st.x[i], b.st.y[i]);
      b.transform(rep.src_crs, opts.project_crs);
    }
  }
  for (bool quotes = false; !streamed; quotes = true) {
    if (quotes) nthreads = 1;
    std::vector<size_t> cut{body};
    for (unsigned t = 1; t < nthreads; ++t) {
      size_t c = body + rest.size() * t / nthreads;
      const size_t nl = data.find('\n', std::max(c, cut.back()));
      cut.push_back(nl == std::string_view::npos ? data.size() : nl + 1);
    }
    cut.push_back(data.size());
    bs = std::vector<Builder>(nthreads);
    lines_in.assign(nthreads, 0);
    std::atomic<size_t> done_bytes{0};
    std::atomic<bool> cancel{false}, quote_seen{false};
    auto work = [&](unsigned t) {
      Builder& b = bs[t];
      b.plan = &plan;
      set_join(b);
      const bool joining = b.events != nullptr;
      b.mode = mode;
      b.force_cp1252 = spec.force_cp1252;
      b.reserve(static_cast<size_t>((cut[t + 1] - cut[t]) / avg_line * 1.02) + 16);
      std::vector<std::string_view> fs;
      std::vector<std::string> sc;
      size_t p = cut[t];
      uint32_t rel = 1;  // line number relative to the chunk start
      size_t last_report = p, released = p;
      size_t checked = p;  // bytes [cut[t], checked) hold no quote character
      const size_t end = cut[t + 1];
      const std::string_view chunk = data.substr(0, end);
      LineGuard guard(data, end, body, line, spec.label);
      while (p < end) {
        guard.check(p);
        if (!quotes) {  // no quote so far: a record is one line (SIMD splitter)
          uint32_t nl = 0;
          const size_t next = split_plain_record(chunk, p, spec.dialect.delimiter, fs, nl);
          if (next > checked && quote) {
            const size_t upto = std::min(end, std::max(next, checked + (1u << 20)));
            if (std::memchr(data.data() + checked, quote, upto - checked)) {
              quote_seen = true;
              return;
            }
            checked = upto;
          }
          if (joining)
            b.add_joined(fs, rel);
          else
            b.add(fs, rel);
          rel += nl;
          p = next;
        } else {
          RecordScan r = scan_record(chunk, p, spec.dialect, fs, sc);
          if (r.unclosed_quote) {
            ++b.rows;
            b.reject(Reject::UnclosedQuote, rel);
          } else if (joining) {
            b.add_joined(fs, rel);
          } else {
            b.add(fs, rel);
          }
          rel += r.newlines;
          p = r.next;
        }
        if (p - last_report > (4u << 20)) {
          done_bytes += p - last_report;
          last_report = p;
          if (cancel.load(std::memory_order_relaxed) || quote_seen.load(std::memory_order_relaxed))
            return;
          if (t == 0 && progress && !progress(0.9 * double(done_bytes) / double(total_bytes)))
            cancel = true;
          // Parsed pages of this thread's chunk are not read again: drop them from memory
          // (keeps peak RSS at the columns, not the file). Every thread, its own range only.
          released = src.release(released, p);
        }
      }
      lines_in[t] = rel - 1;
      if (!cancel && !quote_seen && mode != CoordMode::Unknown) {
        for (size_t i = 0; i < b.st.size(); ++i) b.bbox_src.expand(b.st.x[i], b.st.y[i]);
        b.transform(rep.src_crs, opts.project_crs);
      }
    };
    std::vector<std::thread> pool;
    std::exception_ptr err;
    std::mutex err_mu;
    for (unsigned t = 1; t < nthreads; ++t)
      pool.emplace_back([&, t] {
        try {
          work(t);
        } catch (...) {
          std::lock_guard<std::mutex> lk(err_mu);
          err = std::current_exception();
          cancel = true;
        }
      });
    try {
      work(0);
    } catch (...) {
      std::lock_guard<std::mutex> lk(err_mu);
      err = std::current_exception();
      cancel = true;
    }
    for (auto& th : pool) th.join();
    if (err) std::rethrow_exception(err);
    if (cancel) throw Cancelled();
    if (!quote_seen) break;
  }
  uint32_t base = line - 1;
  for (unsigned t = 0; t < nthreads; ++t) {
    bs[t].line_base = base;
    base += lines_in[t];
  }
  if (plan.expected_fields && max_index >= plan.expected_fields)
    rep.notes.push_back("the column layout uses field index " + std::to_string(max_index) +
                        " but rows have " + std::to_string(plan.expected_fields) + " fields");
  if (spec.max_declared_index >= 0 && !spec.has_header_names) {
    size_t first_row_fields = 0;
    if (body < data.size()) {
      scan_record(data, body, spec.dialect, fields, scratch);
      first_row_fields = fields.size();
    }
    if (static_cast<size_t>(spec.max_declared_index) >= first_row_fields)
      rep.notes.push_back("meta.xml declares field index " +
                          std::to_string(spec.max_declared_index) + " (" + spec.max_declared_term +
                          ") but the first data row has only " + std::to_string(first_row_fields) +
                          " fields (malformed descriptor)");
  }
  ObservationStore st = merge(bs, spec.label, rep);
  if (progress && !progress(1.0)) throw Cancelled();
  return st;
}

}  // namespace biodash::occurrence
