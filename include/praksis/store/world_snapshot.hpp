// Dated snapshots of the world (issue 11, survey years): the world as of a survey date, kept in
// the store beside the current world as one compressed, columnar blob (docs/store.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "praksis/core/date.hpp"
#include "praksis/model/world.hpp"

namespace praksis {

/// One stored snapshot: its survey date and its size in the store.
struct SnapshotInfo {
  Date as_of;
  std::int64_t bytes = 0;  // compressed world
  std::int64_t citizens = 0;
};

/// Encodes a world as a compressed blob (every field the interchange format carries; the
/// encoding is columnar and byte-planed before zlib, so a national year is a few tens of MB).
std::string encode_world(const World& w);
/// Decodes encode_world's blob; throws Error naming `source` when it is damaged.
World decode_world(std::string_view blob, std::string_view source);

/// Compresses / decompresses any text (the cached survey figures of a snapshot).
std::string compress_bytes(std::string_view raw);
std::string decompress_bytes(std::string_view packed, std::string_view source);

}  // namespace praksis
