#pragma once
// Darwin Core scientificName -> the unit biodash counts as a species. Pure std, no I/O.
//
// parse_scientific_name reduces a name as written in occurrence data ("Turdus merula Linnaeus,
// 1758", "Salix alba L. var. vitellina (L.) Stokes", "Quercus sp.", "Mentha × piperita") to
// the binomial the record counts under (ParsedName::species), its name without authorship
// (canonical), its rank and flags. The rules, applied in this order:
//
//  1. Clean-up. Whitespace (ASCII blanks, U+00A0, U+0085) is trimmed and collapsed to one
//     space; surrounding quotes (" ' “ ” ‘ ’ „) are stripped, repeatedly, as are a trailing
//     "?" and leading qualifiers "cf."/"?" (a leading "aff." acts as in rule 8). "×" (U+00D7)
//     is always its own word ("×piperita" -> "×", "piperita"); a lone "x" or "X" is the same
//     hybrid sign. Empty after clean-up -> rank Unknown, every string empty.
//  2. Case. A name with no ASCII lower-case letter at all is "all caps": its words are read
//     case-insensitively ("TURDUS MERULA" -> "Turdus merula"). Otherwise case matters (rule 5).
//     Output: genus capitalised, the rest of it and every epithet in lower case (ASCII only;
//     other bytes are copied as they are).
//  3. Not a name -> rank Unknown, species and canonical empty: the first word is one of
//     unknown, unidentified, undetermined, indeterminate, indet, unassigned, unclassified,
//     unspecified, unbestimmt, unbekannt, noch ("noch unbestimmt"), not ("not determined"),
//     none, null, na, n/a, incertae ("incertae sedis"), case-insensitive, trailing . ! , :
//     ignored; the whole name is "Life", "Biota" or "Root"; or the first word is not a word:
//     it must be letters (ASCII, or UTF-8 Latin letters U+00C0..U+024F other than × and ÷)
//     with inner hyphens, so "BOLD:AAA1234", "12", "(L.)", "T. merula" are Unknown.
//  4. Uninomial: the first word is the genus (or a higher taxon: "Coleoptera", "Asteraceae").
//     With no species epithet after it -> rank AboveSpecies, canonical = that word, species
//     empty. A parenthesised capitalised word right after it and followed by an epithet is a
//     subgenus and is dropped ("Turdus (Merula) merula" -> "Turdus merula"). An infrageneric
//     rank marker (subgen./subg./subgenus, sect./section, subsect., ser.) and its capitalised
//     name are kept in canonical when no epithet follows ("Bromus sect. Pnigma Dumont" ->
//     AboveSpecies, canonical "Bromus sect. Pnigma"; subgenus is written "subgen.").
//  5. Epithet: a word of at least 2 bytes that starts with a lower-case ASCII letter (any
//     letter when all caps) and is otherwise letters (as in rule 3) and inner hyphens, so no
//     apostrophe, digit or dot; one trailing "?" and one trailing "," or ";" are dropped (the
//     "," ends the name: the rest is authorship). The first
//     epithet after the genus is the species epithet: rank Species, species = "Genus epithet".
//     A capitalised second word is authorship, not an epithet ("Aus Bus" -> AboveSpecies "Aus").
//  6. Authorship: the first word after the genus (or after the species epithet) that is no
//     epithet, marker or qualifier starts the tail, which is dropped. had_authorship is set
//     when a tail word starts with an upper-case letter, "(", "[", "&", a digit or a non-ASCII
//     byte, is one of ex, et, in, and, apud, emend., or has an apostrophe ("d'Orbigny",
//     "t´Hart"); tails of other words only ("?A?", "nom. nud.", "!!!") end the name silently.
//     A lower-case name particle (de, da, del, della, der, den, des, di, du, la, le, van, von,
//     zu, dos, ten, ter) followed by another word after the species epithet (or followed by
//     a particle or a non-epithet right after the genus: "Aus de Vries") and ex/et/in/and/
//     apud/emend. are authorship too, although they look like epithets. The annotations
//     s.l., s.lat., s.lato, s.str., s.s., sensu, lato, stricto, agg., aggr., coll. are
//     skipped without ending the name ("Poa bulbosa agg. L." -> "Poa bulbosa"). In all-caps
//     names an epithet-like word after the species epithet is authorship when it ends in ","
//     or the next word starts with a digit, "(" or "&" ("MERULA LINNAEUS, 1758"); otherwise
//     all caps cannot tell "PARUS MAJOR MAJOR" from "TURDUS MERULA LINNAEUS" (read as a
//     trinomial). In the tail an infraspecific marker followed by an epithet resumes the name
//     ("Salix alba L. var. vitellina (L.) Stokes").
//  7. Infraspecific: after the species epithet, a marker subsp(.), ssp(.), var(.), subvar(.),
//     f(.), fo(.), forma, form., subf., subfo., morph(.), morpha, ab(.), aberr., prol., race,
//     convar., nothosubsp(.), nothossp., nothovar(.), nothof., nothoforma, subforma,
//     subspecies, variety (case-insensitive from 4 bytes on; the shorter ones, "f." among them,
//     lower case unless all caps) followed by an epithet (a "cf." between is skipped; ex, et, in,
//     and, apud, emend. and a particle with a word after it are no epithet here: "Rech. f.
//     ex Smith") -> rank Infraspecific. The marker is dropped: canonical = "Genus epithet
//     infraepithet" (every infraspecific epithet, in order: "Aus bus subsp. cus var. dus" ->
//     "Aus bus cus dus"); species stays "Genus epithet". A lower-case third word without a
//     marker is a zoological trinomial ("Parus major major") -> also Infraspecific; at most
//     one such unmarked word is read, a fourth ends the name. A marker
//     with no epithet after it ("Aus bus ssp.", "Rech. f.") is dropped, rank stays Species.
//  8. Indeterminate: before the species epithet, sp., sp, spp., spp, spec., spec, species,
//     indet., indet, gen., n., nov., sp.n., n.sp., sp.nov., spp.n., sp.indet., any word that
//     starts with "sp." or "spp." ("sp.3") (case-insensitive) or one of the rule-3 words
//     ("Aves unidentified") ends the name: rank AboveSpecies, indeterminate,
//     canonical = the genus (with its infrageneric part), species empty. So "Quercus sp.",
//     "Carex spp.", "Galium sp. 3", "Achillea spec.", "Chironomidae gen. sp.", "Aus indet."
//     and also "Aus sp. nov." (the description marker of a still unnamed species: which
//     species it is cannot be counted apart from other "Aus sp." records). After the species
//     epithet these words end the name and are dropped ("Aus bus sp. nov." -> "Aus bus").
//     Qualifiers: "cf." (also cf, cfr., conf.) is a tentative identification of the species
//     named after it and is dropped ("Turdus cf. merula" -> Species "Turdus merula"); "aff."
//     (also aff, nr., nr, near, prox.) names a different, related species, so only the genus
//     is known -> AboveSpecies, indeterminate, canonical = genus; after the species epithet
//     "aff." ends the name and the species stays ("Aus bus subsp. aff. cus" -> "Aus bus").
//     Alternatives: a "/" in the species epithet or a word starting with "/" right after it
//     ("Muscari cf. neglectum / armeniacum", "Aus bus/cus") -> AboveSpecies, indeterminate,
//     canonical = genus.
//  9. Hybrids (hybrid = true whenever a "×"/"x" sign is read). The words are split at the
//     signs. "Mentha × piperita", "Mentha ×piperita", "Mentha x piperita" (genus, sign,
//     epithet): a nothospecies, rank Species, species "Mentha ×piperita" (sign glued to the
//     epithet). "×Triticosecale", "× Triticosecale rimpaui": a nothogenus, the sign is glued
//     to the genus ("×Triticosecale", AboveSpecies; "×Triticosecale rimpaui", Species). Any
//     other split is a hybrid formula: "Salix alba × Salix fragilis", "Salix alba x fragilis"
//     (a parent starting with an epithet takes the first parent's genus) -> each parent is
//     parsed alone (authorship dropped) and species = the parents' species joined by " × "
//     ("Salix alba × Salix fragilis", in the order written), rank Species (also when a
//     parent is infraspecific): the formula counts as one distinct taxon. canonical joins
//     the parents' canonicals likewise. If a parent has no species ("Salix × Populus")
//     species is empty, rank AboveSpecies, canonical "Salix × Populus". A later parent that is
//     no name (rule 3) is left out; at most 16 parents are read, later ones are ignored.
//     A trailing sign ("Salix alba ×") only sets hybrid.
//
// The parser never throws on its input (only std::bad_alloc could) and never reads out of
// bounds on arbitrary bytes; time and memory are O(name.size()).
#include <cstdint>
#include <string>
#include <string_view>

namespace biodash {

enum class NameRank : uint8_t { Unknown, AboveSpecies, Species, Infraspecific };

struct ParsedName {
  // The binomial the record counts under, "Genus epithet" (also for infraspecific names, and
  // "Mentha ×piperita" for a nothospecies, "Salix alba × Salix fragilis" for a formula);
  // empty when the name is above species rank or unparseable.
  std::string species;
  // The name without authorship: "Turdus merula", "Parus major major", "Coleoptera",
  // "Quercus" (for "Quercus sp."); empty for an empty/unparseable name.
  std::string canonical;
  NameRank rank = NameRank::Unknown;
  bool hybrid = false;          // a × / " x " hybrid sign or a hybrid formula
  bool indeterminate = false;   // sp., spp., indet., sp. 1, gen. sp., aff., alternatives, ...
  bool had_authorship = false;  // authorship/year was stripped
};

// Parses a Darwin Core scientificName by the rules at the top of this file.
ParsedName parse_scientific_name(std::string_view name);

// The NameRank of a Darwin Core taxonRank / GBIF rank value. Case-insensitive; surrounding
// blanks, "_", "-" and inner spaces are ignored ("INFRASPECIFIC_NAME" = "infraspecificname").
//   Species: species, sp, sp., nothospecies.
//   Infraspecific: subspecies, subsp., ssp., variety, var., subvariety, subvar., form, forma,
//     f., fo., subform, subforma, infraspecificname, infrasubspecificname, nothosubspecies,
//     nothovariety, nothoform, morph, aberration, race, natio, proles, convariety, cultivar,
//     cultivargroup, grex, strain, pathovar, biovar, chemovar, morphovar, serovar, phagovar,
//     chemoform, formaspecialis ("forma_specialis").
//   AboveSpecies: domain, superkingdom, kingdom, subkingdom, infrakingdom, superphylum,
//     phylum, subphylum, infraphylum, division, subdivision, superclass, class, subclass,
//     infraclass, parvclass, superlegion, legion, sublegion, infralegion, supercohort, cohort,
//     subcohort, infracohort, magnorder, superorder, grandorder, order, suborder, infraorder,
//     parvorder, superfamily, family, subfamily, infrafamily, supertribe, tribe, subtribe,
//     infratribe, supragenericname, genus, gen., subgenus, subgen., subg., infragenus,
//     section, sect., subsection, subsect., series, ser., subseries, infragenericname,
//     speciesaggregate, aggregate, agg., fam., ord., cl., phyl., regn.
//   Unknown: empty, "unranked", "clade", "informal", "other" and anything unrecognised.
NameRank rank_from_taxon_rank(std::string_view rank);

}  // namespace biodash
