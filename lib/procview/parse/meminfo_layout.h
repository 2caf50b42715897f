// meminfo_layout.h: the kernel's /proc/meminfo line layout, read and
// written a word at a time. Inline, for the one pass of a meminfo read
// (render/meminfo.cc) as well as the parser; little-endian hosts only (the
// others take the byte-wise paths of meminfo.h).
#ifndef PROCVIEW_PARSE_MEMINFO_LAYOUT_H_
#define PROCVIEW_PARSE_MEMINFO_LAYOUT_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string_view>

#include "lib/procview/parse/decimal.h"
#include "lib/procview/parse/meminfo.h"

namespace procview {

// Names of the MeminfoKey values, in enum order (MeminfoKeyName).
inline constexpr std::string_view kMeminfoKeyNames[kMeminfoKeys] = {
    "MemTotal",     "MemFree",        "MemAvailable",   "Buffers",      "Cached",
    "SwapCached",   "Active",         "Inactive",       "Active(anon)", "Inactive(anon)",
    "Active(file)", "Inactive(file)", "Unevictable",    "SwapTotal",    "SwapFree",
    "Dirty",        "Writeback",      "AnonPages",      "Mapped",       "Shmem",
    "KReclaimable", "Slab",           "SReclaimable",   "SUnreclaim",   "KernelStack",
    "PageTables",   "CommitLimit",    "Committed_AS",   "VmallocTotal", "VmallocUsed",
    "VmallocChunk", "AnonHugePages",
};

namespace meminfo_internal {

// Other keys the kernel writes (fs/proc/meminfo.c, arch/*), up to 15 bytes:
// in the label table too, as kOther, so that nearly every line of a real
// file is recognized by its label alone.
inline constexpr std::string_view kOtherKernelKeys[] = {
    "Mlocked",        "HighTotal",      "HighFree",       "LowTotal",      "LowFree",
    "MmapCopy",       "Zswap",          "Zswapped",       "SecPageTables", "NFS_Unstable",
    "Bounce",         "WritebackTmp",   "Percpu",         "ShmemHugePages", "ShmemPmdMapped",
    "FileHugePages",  "FilePmdMapped",  "CmaTotal",       "CmaFree",       "Unaccepted",
    "Balloon",        "HugePages_Total", "HugePages_Free", "HugePages_Rsvd", "HugePages_Surp",
    "Hugepagesize",   "Hugetlb",        "DirectMap4k",    "DirectMap2M",   "DirectMap4M",
    "DirectMap1G",    "Quicklists",     "ShadowCallStack",
};

// Those keys and the known ones by their label in the kernel's layout
// ("Key:" and spaces to 16 bytes, as two little-endian words), in an
// open-addressed table built at compile time: a kernel line's key is found
// with one hash and (usually) one compare of the label, which also proves
// the colon and padding.
struct LabelTable {
  static constexpr size_t kSlots = 256;
  uint64_t label[kSlots][2] = {};
  uint8_t key_size[kSlots] = {};  // 0: an empty slot
  MeminfoKey id[kSlots] = {};
};

// The multiplier is one that gives every label of the table a slot of its
// own (checked below): a kernel line is found at its first probe.
inline constexpr size_t LabelSlot(uint64_t low, uint64_t high) {
  return ((low ^ high >> 5) * 0x7825AAC86238BCF7) >> 56;  // the top 8 bits
}

inline constexpr uint64_t LabelWord(std::string_view key, size_t at) {
  uint64_t word = 0;
  for (size_t i = 8; i-- > 0;) {
    const size_t pos = at + i;
    const char c = pos < key.size() ? key[pos] : pos == key.size() ? ':' : ' ';
    word = word << 8 | static_cast<unsigned char>(c);
  }
  return word;
}

inline constexpr void AddLabel(std::string_view key, MeminfoKey id, LabelTable* table) {
  const uint64_t low = LabelWord(key, 0);
  const uint64_t high = LabelWord(key, 8);
  size_t slot = LabelSlot(low, high);
  while (table->key_size[slot] != 0) slot = (slot + 1) % LabelTable::kSlots;
  table->label[slot][0] = low;
  table->label[slot][1] = high;
  table->key_size[slot] = static_cast<uint8_t>(key.size());
  table->id[slot] = id;
}

inline constexpr LabelTable MakeLabelTable() {
  LabelTable table;
  for (size_t id = 0; id < kMeminfoKeys; ++id) {
    AddLabel(kMeminfoKeyNames[id], static_cast<MeminfoKey>(id), &table);
  }
  for (std::string_view key : kOtherKernelKeys) AddLabel(key, MeminfoKey::kOther, &table);
  return table;
}
inline constexpr bool LabelsFit() {  // "Key:" within 16 bytes, keys distinct
  for (std::string_view key : kOtherKernelKeys) {
    if (key.size() > 15) return false;
    for (std::string_view known : kMeminfoKeyNames) {
      if (known == key || known.size() > 15) return false;
    }
  }
  return true;
}
static_assert(LabelsFit(), "every label fits 16 bytes, once");
inline constexpr LabelTable kLabels = MakeLabelTable();
inline constexpr bool EveryLabelAtItsSlot() {
  for (size_t slot = 0; slot < LabelTable::kSlots; ++slot) {
    if (kLabels.key_size[slot] != 0 &&
        LabelSlot(kLabels.label[slot][0], kLabels.label[slot][1]) != slot) {
      return false;
    }
  }
  return true;
}
static_assert(EveryLabelAtItsSlot(), "no two labels share a slot: one probe per kernel line");
static_assert(kMeminfoKeys + std::size(kOtherKernelKeys) < LabelTable::kSlots / 3,
              "a sparse table");

// The size of the key whose label the 16 bytes `label` are, with its id
// in `id`; 0 when it is none of the table's.
inline size_t KeyOfLabel(const uint64_t label[2], MeminfoKey* id) {
  for (size_t slot = LabelSlot(label[0], label[1]);; slot = (slot + 1) % LabelTable::kSlots) {
    const size_t size = kLabels.key_size[slot];
    if (size == 0) return 0;
    if (kLabels.label[slot][0] == label[0] && kLabels.label[slot][1] == label[1]) {
      *id = kLabels.id[slot];
      return size;
    }
  }
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
// The bytes of `word` that are zero, as high bits; exact for the lowest one.
inline uint64_t ZeroBytes(uint64_t word) {
  return (word - 0x0101010101010101) & ~word & 0x8080808080808080;
}
#endif

}  // namespace meminfo_internal

// The kernel's value field: 8 columns after a 16-byte label.
inline constexpr size_t kMeminfoFieldAt = 16;
inline constexpr uint64_t kMeminfoFieldLimit = 100000000;  // values that fit it

// What ScanMeminfoColumns reads of a line: MeminfoLine's fields without its
// views, so that a one-pass reader keeps them in registers, and with the
// value as its field (MeminfoFieldValue reads it): a reader that caps or
// rewrites values compares fields and needs few numbers.
struct MeminfoColumns {
  uint64_t field;  // the 8 bytes of the value field as read
  MeminfoKey id;
  uint8_t key_size;
  bool kb;
};

// The value of a field ScanMeminfoColumns accepted (so little-endian
// hosts only, like it).
inline uint64_t MeminfoFieldValue(uint64_t field) {
  constexpr uint64_t kOnes = 0x0101010101010101;
  const int lead = __builtin_ctzll(field ^ (kOnes * ' ')) & ~7;  // bits of leading spaces
  return EightDigitsValue((field ^ (kOnes * '0')) >> lead << lead);
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
namespace meminfo_internal {

// The size of the key of the kernel-layout label `label` (the 16 bytes at
// `p`: "Key:" and spaces), with its id in `id`; 0 when it is not one.
inline __attribute__((always_inline)) size_t ScanLabel(const char* p, const uint64_t label[2],
                                                       MeminfoKey* id) {
  constexpr uint64_t kOnes = 0x0101010101010101;
  constexpr uint64_t kSpaces = kOnes * ' ';
  size_t colon = KeyOfLabel(label, id);
  if (colon != 0) return colon;
  *id = MeminfoKey::kOther;  // a key of no kernel's
  // The first ':' or newline of the label: the colon it must be.
  for (size_t i = 0; i < 2; ++i) {
    const uint64_t hits =
        ZeroBytes(label[i] ^ (kOnes * ':')) | ZeroBytes(label[i] ^ (kOnes * '\n'));
    if (hits != 0) {
      colon += __builtin_ctzll(hits) / 8;
      break;
    }
    colon += 8;
  }
  if (colon == 0 || colon >= 16 || p[colon] != ':') return 0;
  // Spaces after it, up to the field.
  const unsigned __int128 pad = (label[0] | static_cast<unsigned __int128>(label[1]) << 64) ^
                                (kSpaces | static_cast<unsigned __int128>(kSpaces) << 64);
  if (colon < 15 && pad >> (8 * (colon + 1)) != 0) return 0;
  return colon;
}

}  // namespace meminfo_internal

// The kernel's exact layout, in four loads and no byte loop: "Key:" and
// spaces to column 16, the value right-aligned in the 8 columns after, then
// " kB" or nothing, and a newline (keys of up to 15 bytes and values of up
// to 8 digits, with no leading zero: nearly every line). The line's end
// with `line` set; nullptr for any other line (then `line` is
// unspecified). Such fields compare as their values do, spaces being less
// than digits (read as big-endian words).
inline __attribute__((always_inline)) const char* ScanMeminfoColumns(const char* p,
                                                                     const char* end,
                                                                     MeminfoColumns* line) {
  constexpr uint64_t kOnes = 0x0101010101010101;
  constexpr uint64_t kSpaces = kOnes * ' ';
  if (end - p < 28) return nullptr;
  uint64_t label[2];
  uint64_t field;
  uint32_t tail;
  std::memcpy(label, p, 16);
  std::memcpy(&field, p + 16, 8);
  std::memcpy(&tail, p + 24, 4);
  const size_t colon = meminfo_internal::ScanLabel(p, label, &line->id);
  if (colon == 0) return nullptr;
  // The field: spaces, then digits (0-9 once '0' is xored out) to its end.
  const uint64_t not_space = field ^ kSpaces;
  if (not_space == 0) return nullptr;
  const int lead = __builtin_ctzll(not_space) & ~7;  // bits of leading spaces
  if (lead < 56 && ((field >> lead) & 0xFF) == '0') return nullptr;  // a leading zero
  uint64_t digits = (field ^ (kOnes * '0')) >> lead << lead;
  if (((digits | ((digits & (kOnes * 0x7F)) + kOnes * 0x76)) & (kOnes * 0x80)) != 0) {
    return nullptr;  // a byte over 9
  }
  line->key_size = static_cast<uint8_t>(colon);
  line->field = field;
  constexpr uint32_t kKbNewline = ' ' | 'k' << 8 | 'B' << 16 | '\n' << 24;
  line->kb = tail == kKbNewline;
  if (line->kb) return p + 27;
  return (tail & 0xFF) == '\n' ? p + 24 : nullptr;
}

// ScanMeminfoColumns into a MeminfoLine: its key, id, value and kb (not
// raw, spaced or digits: such a line is spaced and its field is [16, 24)).
inline __attribute__((always_inline)) const char* ScanMeminfoColumns(const char* p,
                                                                     const char* end,
                                                                     MeminfoLine* line) {
  MeminfoColumns columns;
  const char* const eol = ScanMeminfoColumns(p, end, &columns);
  if (eol != nullptr) {
    line->key = std::string_view(p, columns.key_size);
    line->value = MeminfoFieldValue(columns.field);
    line->id = columns.id;
    line->kb = columns.kb;
  }
  return eol;
}

// ScanMeminfoColumns for a value wider than the field: "Key:" and spaces
// to column 16, 9 to 19 digits from there, then " kB" or nothing, and a
// newline (VmallocTotal; most sizes on a host of 100 GiB or more). The
// line's end with `line`'s key, id, value, kb and digits set; nullptr for
// any other line.
inline const char* ScanWideMeminfoColumns(const char* p, const char* end, MeminfoLine* line) {
  if (end - p < 26) return nullptr;  // 16 + 9 digits + a newline
  uint64_t label[2];
  std::memcpy(label, p, 16);
  const size_t colon = meminfo_internal::ScanLabel(p, label, &line->id);
  if (colon == 0) return nullptr;
  uint64_t value = 0;
  const char* const q = ParseDigits(p + kMeminfoFieldAt, end, &value);  // 19 digits don't wrap
  const size_t digits = static_cast<size_t>(q - (p + kMeminfoFieldAt));
  if (digits < 9 || digits > 19) return nullptr;
  line->key = std::string_view(p, colon);
  line->value = value;
  line->digits = static_cast<uint8_t>(digits);
  line->kb = end - q >= 4 && std::memcmp(q, " kB\n", 4) == 0;
  if (line->kb) return q + 3;
  return q < end && *q == '\n' ? q : nullptr;
}

// `value` (< kMeminfoFieldLimit) as the kernel's 8-column field,
// right-aligned after spaces, computed in one word: split into 4-, 2-, then
// 1-digit lanes (the first digit in the lowest byte), then leading zeros
// made spaces.
inline uint64_t MeminfoValueField(uint64_t value) {
  uint64_t x = value / 10000 | (value % 10000) << 32;  // two 4-digit lanes
  uint64_t q = (x * 10486 >> 20) & 0x0000007F0000007F;  // each lane / 100
  x = q | (x - q * 100) << 16;                          // four 2-digit lanes
  q = (x * 103 >> 10) & 0x000F000F000F000F;             // each lane / 10
  x = q | (x - q * 10) << 8;                            // eight digits
  // Leading zero digits (all but the last when value is 0) become spaces.
  const int zeros = x == 0 ? 7 : __builtin_ctzll(x) / 8;
  const uint64_t leading = (uint64_t{1} << (8 * zeros)) - 1;
  return (x | 0x3030303030303030) - (leading & 0x1010101010101010);
}
#endif

}  // namespace procview

#endif  // PROCVIEW_PARSE_MEMINFO_LAYOUT_H_
