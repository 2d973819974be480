#include "core/taxon_name.hpp"

#include <array>
#include <vector>

namespace biodash {
namespace {

using Words = std::vector<std::string_view>;

constexpr std::string_view kTimes = "\xC3\x97";  // ×, U+00D7

// A hybrid formula reads at most this many parents (each may repeat the first one's genus,
// so an unbounded count would make the output quadratic in the input).
constexpr size_t kMaxParents = 16;

bool is_lower(unsigned char c) {
  return c >= 'a' && c <= 'z';
}
bool is_upper(unsigned char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_alpha(unsigned char c) {
  return is_lower(c) || is_upper(c);
}
bool is_digit(unsigned char c) {
  return c >= '0' && c <= '9';
}
char to_lower(char c) {
  return is_upper(static_cast<unsigned char>(c)) ? char(c - 'A' + 'a') : c;
}
char to_upper(char c) {
  return is_lower(static_cast<unsigned char>(c)) ? char(c - 'a' + 'A') : c;
}

// ASCII case-insensitive equality.
bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  return true;
}

template <size_t N>
bool in_list(std::string_view w, const std::array<std::string_view, N>& list, bool any_case) {
  for (std::string_view x : list)
    if (any_case ? iequals(w, x) : w == x) return true;
  return false;
}

// How the words of one name are read (rule 2 of the header).
struct Mode {
  bool all_caps = false;
};

// The length of the Latin letter that starts at s[i] when it is a UTF-8 encoded letter of
// U+00C0..U+024F other than × and ÷ (2 bytes), else 0.
size_t latin_letter_at(std::string_view s, size_t i) {
  if (i + 1 >= s.size()) return 0;
  const auto b0 = static_cast<unsigned char>(s[i]);
  const auto b1 = static_cast<unsigned char>(s[i + 1]);
  if (b0 < 0xC3 || b0 > 0xC9 || (b1 & 0xC0) != 0x80) return 0;
  if (b0 == 0xC3 && (b1 == 0x97 || b1 == 0xB7)) return 0;
  return 2;
}

bool has_apostrophe(std::string_view w) {
  return w.find('\'') != std::string_view::npos || w.find('`') != std::string_view::npos ||
         w.find("\xC2\xB4") != std::string_view::npos ||      // ´
         w.find("\xE2\x80\x98") != std::string_view::npos ||  // ‘
         w.find("\xE2\x80\x99") != std::string_view::npos;    // ’
}

// Letters (ASCII or Latin UTF-8) with inner hyphens, starting with a letter.
bool is_letters(std::string_view w) {
  if (w.empty() || w.back() == '-') return false;
  size_t i = 0;
  bool first = true;
  while (i < w.size()) {
    const auto c = static_cast<unsigned char>(w[i]);
    if (is_alpha(c)) {
      ++i;
    } else if (c == '-' && !first && w[i - 1] != '-') {
      ++i;
    } else if (size_t n = latin_letter_at(w, i); n > 0) {
      i += n;
    } else {
      return false;
    }
    first = false;
  }
  return true;
}

// A name word followed by "," or ";" ends the name (the rest is authorship).
std::string_view strip_end_comma(std::string_view w, bool* ended) {
  if (!w.empty() && (w.back() == ',' || w.back() == ';')) {
    w.remove_suffix(1);
    *ended = true;
  }
  return w;
}

// Rule 5: an epithet, with its trailing "?"/"," dropped; `ended` is set by a ",".
bool epithet_like(std::string_view w, const Mode& m, std::string_view* clean, bool* ended) {
  bool e = false;
  w = strip_end_comma(w, &e);
  if (!w.empty() && w.back() == '?') w.remove_suffix(1);
  if (w.size() < 2) return false;
  const auto c = static_cast<unsigned char>(w[0]);
  if (!(m.all_caps ? is_alpha(c) : is_lower(c))) return false;
  if (!is_letters(w)) return false;
  *clean = w;
  *ended = e;
  return true;
}

bool epithet_like(std::string_view w, const Mode& m) {
  std::string_view c;
  bool e = false;
  return epithet_like(w, m, &c, &e);
}

std::string lower(std::string_view w) {
  std::string s(w);
  for (char& c : s) c = to_lower(c);
  return s;
}

std::string capitalised(std::string_view w) {
  std::string s = lower(w);
  if (!s.empty()) s[0] = to_upper(s[0]);
  return s;
}

bool is_sign(std::string_view w) {
  return w == kTimes || w == "x" || w == "X";
}

// Rule 3: words that say the record has no name.
bool is_placeholder(std::string_view w) {
  while (!w.empty() && (w.back() == '.' || w.back() == '!' || w.back() == ',' || w.back() == ':' ||
                        w.back() == '?'))
    w.remove_suffix(1);
  static constexpr std::array<std::string_view, 17> kWords = {
      "unknown",      "unidentified", "undetermined", "indeterminate", "indet",   "unassigned",
      "unclassified", "unspecified",  "unbestimmt",   "unbekannt",     "noch",    "not",
      "none",         "null",         "na",           "n/a",           "incertae"};
  return in_list(w, kWords, true);
}

bool is_cf(std::string_view w) {
  static constexpr std::array<std::string_view, 6> kCf = {"cf.", "cf", "cfr.", "cfr", "conf.", "?"};
  return in_list(w, kCf, true);
}

bool is_aff(std::string_view w) {
  static constexpr std::array<std::string_view, 6> kAff = {"aff.", "aff",  "nr.",
                                                           "nr",   "near", "prox."};
  return in_list(w, kAff, true);
}

// Rule 8: sp., spp., indet. and kin.
bool is_indet(std::string_view w) {
  static constexpr std::array<std::string_view, 17> kIndet = {
      "sp.",  "sp", "spp.", "spp",   "spec.", "spec",    "species", "indet.",   "indet",
      "gen.", "n.", "nov.", "sp.n.", "n.sp.", "sp.nov.", "spp.n.",  "sp.indet."};
  if (in_list(w, kIndet, true)) return true;
  // "sp.1", "sp.A", "spp.2"
  return w.size() > 3 && (iequals(w.substr(0, 3), "sp.") || iequals(w.substr(0, 4), "spp."));
}

// Rule 7: infraspecific rank markers. Returns false for a word that is none.
bool is_infra_marker(std::string_view w, const Mode& m) {
  static constexpr std::array<std::string_view, 4> kShort = {"f.", "f", "fo.", "fo"};
  if (in_list(w, kShort, m.all_caps)) return true;
  static constexpr std::array<std::string_view, 31> kLong = {
      "subsp.",     "subsp",     "ssp.",    "ssp",        "var.",     "var",        "subvar.",
      "subvar",     "forma",     "form.",   "subf.",      "subfo.",   "morph",      "morph.",
      "morpha",     "ab.",       "aberr.",  "prol.",      "race",     "convar.",    "nothosubsp.",
      "nothossp.",  "nothovar.", "nothof.", "nothosubsp", "nothovar", "subspecies", "variety",
      "nothoforma", "subforma",  "ab"};
  if (w.size() >= 4) return in_list(w, kLong, true);
  return in_list(w, kLong, m.all_caps);
}

// Rule 4: the infrageneric markers, and how canonical writes them ("" if `w` is none).
std::string_view infrageneric_marker(std::string_view w) {
  struct Entry {
    std::string_view word, out;
  };
  static constexpr std::array<Entry, 11> kMarkers = {{{"subgen.", "subgen."},
                                                      {"subg.", "subgen."},
                                                      {"subgenus", "subgen."},
                                                      {"sect.", "sect."},
                                                      {"section", "sect."},
                                                      {"subsect.", "subsect."},
                                                      {"subsection", "subsect."},
                                                      {"ser.", "ser."},
                                                      {"series", "ser."},
                                                      {"subser.", "subser."},
                                                      {"sect", "sect."}}};
  for (const Entry& e : kMarkers)
    if (iequals(w, e.word)) return e.out;
  return {};
}

// Annotations skipped without ending the name (rule 6).
bool is_annotation(std::string_view w) {
  static constexpr std::array<std::string_view, 11> kAnn = {"s.l.", "s.lat.", "s.lato", "s.str.",
                                                            "s.s.", "sensu",  "lato",   "stricto",
                                                            "agg.", "aggr.",  "coll."};
  return in_list(w, kAnn, true);
}

bool is_particle(std::string_view w, const Mode& m) {
  static constexpr std::array<std::string_view, 17> kParticles = {
      "de", "da", "del", "della", "der", "den", "des", "di", "du",
      "la", "le", "van", "von",   "zu",  "dos", "ten", "ter"};
  return in_list(w, kParticles, m.all_caps);
}

bool is_author_keyword(std::string_view w, const Mode& m) {
  static constexpr std::array<std::string_view, 8> kWords = {"ex",  "ex.",  "et",     "in",
                                                             "and", "apud", "emend.", "emend"};
  return in_list(w, kWords, m.all_caps);
}

// Rule 6: does `w` start an authorship?
bool looks_like_author(std::string_view w, const Mode& m) {
  if (w.empty()) return false;
  const auto c = static_cast<unsigned char>(w[0]);
  if (is_upper(c) || is_digit(c) || c >= 0x80 || c == '(' || c == '[' || c == '&') return true;
  return is_author_keyword(w, m) || has_apostrophe(w);
}

// The all-caps hint of rule 6: an epithet-like word `t[i]` that is authorship.
bool caps_author_hint(const Words& t, size_t i) {
  if (!t[i].empty() && t[i].back() == ',') return true;
  if (i + 1 >= t.size() || t[i + 1].empty()) return false;
  const auto c = static_cast<unsigned char>(t[i + 1][0]);
  return is_digit(c) || c == '(' || c == '&';
}

// One name without hybrid signs, parsed by rules 3 to 8.
struct Simple {
  bool ok = false;  // false: not a name (rank Unknown)
  std::string genus;
  std::string infrageneric;  // " sect. Pnigma"
  std::string epithet;       // species epithet ("×piperita" for a nothospecies)
  std::string infra;         // " cus dus": the infraspecific epithets
  bool indeterminate = false;
  bool had_authorship = false;
  bool has_species() const { return ok && !epithet.empty(); }
};

// `inherited_genus`: the genus a formula parent that starts with an epithet takes from the first
// parent, else empty. `nothogenus`: glue "×" to the genus; `hybrid_epithet`: to the epithet.
Simple parse_simple(const Words& t, const Mode& m, std::string_view inherited_genus,
                    bool nothogenus, bool hybrid_epithet) {
  Simple r;
  const size_t n = t.size();
  size_t i = 0;
  bool tail = false;
  if (!inherited_genus.empty()) {
    r.genus = std::string(inherited_genus);
  } else {
    if (n == 0) return r;
    bool ended = false;
    std::string_view g = strip_end_comma(t[0], &ended);
    if (!g.empty() && g.back() == '?') g.remove_suffix(1);
    if (g.size() < 2 || !is_letters(g) || is_placeholder(g)) return r;
    r.genus = (nothogenus ? std::string(kTimes) : std::string()) + capitalised(g);
    i = 1;
    if (ended) {
      tail = true;
      r.had_authorship = i < n;
    }
  }
  r.ok = true;
  bool aff = false;
  bool unmarked_used = false;
  // The word index of the epithet an infraspecific marker at `k` names ("cf." between is
  // skipped), or n when none follows.
  auto infra_epithet = [&](size_t k, std::string_view* clean, bool* ended) {
    size_t j = k + 1;
    while (j < n && is_cf(t[j])) ++j;
    if (j < n && epithet_like(t[j], m, clean, ended) && !is_author_keyword(t[j], m) &&
        !is_placeholder(t[j]) && !(is_particle(t[j], m) && j + 1 < n))
      return j;
    return n;
  };
  while (i < n) {
    const std::string_view w = t[i];
    std::string_view clean;
    bool ended = false;
    if (tail) {
      // Only an infraspecific marker followed by an epithet resumes the name.
      if (!r.epithet.empty() && is_infra_marker(w, m)) {
        if (const size_t j = infra_epithet(i, &clean, &ended); j < n) {
          r.infra += " " + lower(clean);
          i = j + 1;
          tail = ended;
          if (ended) r.had_authorship = r.had_authorship || i < n;
          continue;
        }
      }
      if (looks_like_author(w, m)) r.had_authorship = true;
      ++i;
      continue;
    }
    if (r.epithet.empty()) {
      // Before the species epithet.
      if (is_cf(w) || is_annotation(w)) {
        ++i;
        continue;
      }
      if (is_aff(w)) {
        aff = true;
        break;
      }
      if (is_indet(w) || is_placeholder(w)) {
        r.indeterminate = true;
        break;
      }
      if (r.infrageneric.empty() && w.size() > 2 && w.front() == '(' && w.back() == ')' &&
          i + 1 < n && (epithet_like(t[i + 1], m) || is_cf(t[i + 1]))) {
        const std::string_view inner = w.substr(1, w.size() - 2);
        if (is_letters(inner) && (m.all_caps || is_upper(static_cast<unsigned char>(inner[0])))) {
          ++i;  // a subgenus: dropped
          continue;
        }
      }
      if (std::string_view mk = infrageneric_marker(w);
          !mk.empty() && r.infrageneric.empty() && i + 1 < n && is_letters(t[i + 1])) {
        r.infrageneric = " " + std::string(mk) + " " + capitalised(t[i + 1]);
        i += 2;
        continue;
      }
      if (w.find('/') != std::string_view::npos) {  // alternatives: "bus/cus"
        r.indeterminate = true;
        break;
      }
      if (i + 1 < n &&
          ((is_particle(w, m) && (is_particle(t[i + 1], m) || !epithet_like(t[i + 1], m))) ||
           is_author_keyword(w, m))) {
        tail = true;
        r.had_authorship = true;
        ++i;
        continue;
      }
      if (epithet_like(w, m, &clean, &ended)) {
        r.epithet = (hybrid_epithet ? std::string(kTimes) : std::string()) + lower(clean);
        ++i;
        if (ended) {
          tail = true;
          r.had_authorship = i < n;
        }
        continue;
      }
      tail = true;
      if (looks_like_author(w, m)) r.had_authorship = true;
      ++i;
      continue;
    }
    // After the species epithet.
    if (w.front() == '/' && r.infra.empty()) {  // alternatives: "neglectum / armeniacum"
      r.indeterminate = true;
      r.epithet.clear();
      break;
    }
    if (is_infra_marker(w, m)) {
      if (const size_t j = infra_epithet(i, &clean, &ended); j < n) {
        r.infra += " " + lower(clean);
        i = j + 1;
        if (ended) {
          tail = true;
          r.had_authorship = r.had_authorship || i < n;
        }
        continue;
      }
      size_t j = i + 1;
      while (j < n && is_cf(t[j])) ++j;
      tail = true;  // a marker without its epithet, or "subsp. aff. cus": dropped
      i = j;
      if (j < n && is_aff(t[j])) break;
      continue;
    }
    if (is_indet(w) || is_aff(w) || is_placeholder(w)) break;
    if (is_annotation(w)) {
      ++i;
      continue;
    }
    if ((is_particle(w, m) && i + 1 < n) || is_author_keyword(w, m)) {
      tail = true;
      r.had_authorship = true;
      ++i;
      continue;
    }
    if (!unmarked_used && r.infra.empty() && epithet_like(w, m, &clean, &ended) &&
        !(m.all_caps && caps_author_hint(t, i))) {
      r.infra += " " + lower(clean);
      unmarked_used = true;
      ++i;
      if (ended) {
        tail = true;
        r.had_authorship = r.had_authorship || i < n;
      }
      continue;
    }
    tail = true;
    if (looks_like_author(w, m)) r.had_authorship = true;
    ++i;
  }
  if (aff) {
    r.epithet.clear();
    r.infra.clear();
    r.indeterminate = true;
  }
  if (r.indeterminate) {
    r.epithet.clear();
    r.infra.clear();
  }
  return r;
}

std::string species_of(const Simple& s) {
  return s.genus + " " + s.epithet;
}

std::string canonical_of(const Simple& s) {
  if (s.epithet.empty()) return s.genus + s.infrageneric;
  return s.genus + " " + s.epithet + s.infra;
}

ParsedName to_parsed(const Simple& s) {
  ParsedName p;
  if (!s.ok) return p;
  p.canonical = canonical_of(s);
  p.indeterminate = s.indeterminate;
  p.had_authorship = s.had_authorship;
  if (s.epithet.empty()) {
    p.rank = NameRank::AboveSpecies;
  } else {
    p.species = species_of(s);
    p.rank = s.infra.empty() ? NameRank::Species : NameRank::Infraspecific;
  }
  return p;
}

// Rule 1: whitespace to single spaces, "×" as its own word, then the words.
Words split_words(std::string_view name, std::string* buf) {
  buf->clear();
  buf->reserve(name.size() + 8);
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
      buf->push_back(' ');
    } else if (c == '\xC2' && i + 1 < name.size() &&
               (name[i + 1] == '\xA0' || name[i + 1] == '\x85')) {
      buf->push_back(' ');
      ++i;
    } else if (c == '\xC3' && i + 1 < name.size() && name[i + 1] == '\x97') {
      buf->append(" \xC3\x97 ");
      ++i;
    } else {
      buf->push_back(c);
    }
  }
  std::string_view v = *buf;
  // Trim, strip surrounding quotes and a trailing "?", until nothing changes.
  static constexpr std::array<std::string_view, 7> kQuotes = {
      "\"", "'", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9E"};
  for (bool changed = true; changed;) {
    changed = false;
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1), changed = true;
    while (!v.empty() && v.back() == ' ') v.remove_suffix(1), changed = true;
    for (std::string_view q : kQuotes) {
      if (v.size() >= q.size() && v.substr(0, q.size()) == q)
        v.remove_prefix(q.size()), changed = true;
      if (v.size() >= q.size() && v.substr(v.size() - q.size()) == q)
        v.remove_suffix(q.size()), changed = true;
    }
    if (!v.empty() && v.back() == '?') v.remove_suffix(1), changed = true;
  }
  Words words;
  size_t i = 0;
  while (i < v.size()) {
    while (i < v.size() && v[i] == ' ') ++i;
    const size_t b = i;
    while (i < v.size() && v[i] != ' ') ++i;
    if (i > b) words.push_back(v.substr(b, i - b));
  }
  return words;
}

}  // namespace

ParsedName parse_scientific_name(std::string_view name) {
  std::string buf;
  Words words = split_words(name, &buf);
  // Leading qualifiers.
  bool leading_aff = false;
  size_t first = 0;
  while (first < words.size() && (is_cf(words[first]) || is_aff(words[first]))) {
    if (is_aff(words[first])) leading_aff = true;
    ++first;
  }
  words.erase(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(first));
  if (words.empty()) return {};
  Mode mode;
  mode.all_caps = true;
  for (char c : buf)
    if (is_lower(static_cast<unsigned char>(c))) {
      mode.all_caps = false;
      break;
    }
  if (words.size() == 1 &&
      (iequals(words[0], "life") || iequals(words[0], "biota") || iequals(words[0], "root")))
    return {};

  // Rule 9: split at hybrid signs.
  std::vector<Words> segs(1);
  bool hybrid = false;
  for (std::string_view w : words) {
    if (is_sign(w)) {
      hybrid = true;
      segs.emplace_back();
    } else {
      segs.back().push_back(w);
    }
  }
  // A part right after a sign that follows no words (the start, another sign) is a
  // nothogenus name: "× Triticosecale", "Aus bus × ×Triticosecale cus".
  std::vector<Words> parts;
  std::vector<bool> notho;
  bool after_gap = false;  // the segment before this one is empty
  for (size_t k = 0; k < segs.size(); ++k) {
    const bool empty = segs[k].empty();
    if (!empty) {
      parts.push_back(std::move(segs[k]));
      notho.push_back(k > 0 && after_gap);
    }
    after_gap = empty;
  }
  if (parts.empty()) return {};
  bool hybrid_epithet = false;
  if (parts.size() >= 2 && parts[0].size() == 1 && !notho[1] && epithet_like(parts[1][0], mode)) {
    parts[0].insert(parts[0].end(), parts[1].begin(), parts[1].end());  // "Mentha × piperita"
    parts.erase(parts.begin() + 1);
    notho.erase(notho.begin() + 1);
    hybrid_epithet = true;
  }

  Simple head = parse_simple(parts[0], mode, {}, notho[0], hybrid_epithet);
  if (!head.ok) return {};
  if (leading_aff) {
    head.epithet.clear();
    head.infra.clear();
    head.indeterminate = true;
  }
  ParsedName out = to_parsed(head);
  out.hybrid = hybrid;
  if (parts.size() == 1) return out;

  // A hybrid formula.
  std::vector<Simple> parents{head};
  for (size_t k = 1; k < parts.size() && k < kMaxParents; ++k) {
    const bool takes_genus = epithet_like(parts[k][0], mode);
    Simple p = parse_simple(parts[k], mode, takes_genus ? std::string_view(head.genus) : "",
                            notho[k], false);
    if (p.ok) parents.push_back(std::move(p));
  }
  if (parents.size() == 1) return out;
  bool all_species = true;
  out.canonical.clear();
  for (size_t k = 0; k < parents.size(); ++k) {
    const Simple& p = parents[k];
    all_species = all_species && p.has_species();
    out.indeterminate = out.indeterminate || p.indeterminate;
    out.had_authorship = out.had_authorship || p.had_authorship;
    if (k > 0) out.canonical += " \xC3\x97 ";
    out.canonical += canonical_of(p);
  }
  out.species.clear();
  if (all_species) {
    for (size_t k = 0; k < parents.size(); ++k) {
      if (k > 0) out.species += " \xC3\x97 ";
      out.species += species_of(parents[k]);
    }
    out.rank = NameRank::Species;
  } else {
    out.rank = NameRank::AboveSpecies;
  }
  return out;
}

NameRank rank_from_taxon_rank(std::string_view rank) {
  if (rank.size() > 64) return NameRank::Unknown;
  std::string k;
  for (char c : rank)
    if (c != ' ' && c != '_' && c != '-' && c != '\t' && c != '\r' && c != '\n')
      k.push_back(to_lower(c));
  if (k.empty()) return NameRank::Unknown;
  static constexpr std::array<std::string_view, 4> kSpecies = {"species", "sp", "sp.",
                                                               "nothospecies"};
  static constexpr std::array<std::string_view, 39> kInfra = {"subspecies",
                                                              "subsp.",
                                                              "subsp",
                                                              "ssp.",
                                                              "ssp",
                                                              "variety",
                                                              "var.",
                                                              "var",
                                                              "subvariety",
                                                              "subvar.",
                                                              "form",
                                                              "forma",
                                                              "f.",
                                                              "fo.",
                                                              "subform",
                                                              "subforma",
                                                              "infraspecificname",
                                                              "infrasubspecificname",
                                                              "nothosubspecies",
                                                              "nothovariety",
                                                              "nothoform",
                                                              "morph",
                                                              "aberration",
                                                              "race",
                                                              "natio",
                                                              "proles",
                                                              "convariety",
                                                              "cultivar",
                                                              "cultivargroup",
                                                              "grex",
                                                              "strain",
                                                              "pathovar",
                                                              "biovar",
                                                              "chemovar",
                                                              "morphovar",
                                                              "serovar",
                                                              "phagovar",
                                                              "chemoform",
                                                              "formaspecialis"};
  static constexpr std::array<std::string_view, 62> kAbove = {"domain",
                                                              "superkingdom",
                                                              "kingdom",
                                                              "subkingdom",
                                                              "infrakingdom",
                                                              "superphylum",
                                                              "phylum",
                                                              "subphylum",
                                                              "infraphylum",
                                                              "division",
                                                              "subdivision",
                                                              "superclass",
                                                              "class",
                                                              "subclass",
                                                              "infraclass",
                                                              "parvclass",
                                                              "superlegion",
                                                              "legion",
                                                              "sublegion",
                                                              "infralegion",
                                                              "supercohort",
                                                              "cohort",
                                                              "subcohort",
                                                              "infracohort",
                                                              "magnorder",
                                                              "superorder",
                                                              "grandorder",
                                                              "order",
                                                              "suborder",
                                                              "infraorder",
                                                              "parvorder",
                                                              "superfamily",
                                                              "family",
                                                              "subfamily",
                                                              "infrafamily",
                                                              "supertribe",
                                                              "tribe",
                                                              "subtribe",
                                                              "infratribe",
                                                              "supragenericname",
                                                              "genus",
                                                              "gen.",
                                                              "subgenus",
                                                              "subgen.",
                                                              "subg.",
                                                              "infragenus",
                                                              "section",
                                                              "sect.",
                                                              "subsection",
                                                              "subsect.",
                                                              "series",
                                                              "ser.",
                                                              "subseries",
                                                              "infragenericname",
                                                              "speciesaggregate",
                                                              "aggregate",
                                                              "agg.",
                                                              "fam.",
                                                              "ord.",
                                                              "cl.",
                                                              "phyl.",
                                                              "regn."};
  if (in_list(k, kSpecies, false)) return NameRank::Species;
  if (in_list(k, kInfra, false)) return NameRank::Infraspecific;
  if (in_list(k, kAbove, false)) return NameRank::AboveSpecies;
  return NameRank::Unknown;
}

}  // namespace biodash
