// The compact columnar form of claims inside the store: chunks of frame-of-reference columns.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "praksis/economy/claims.hpp"

namespace praksis::claim_codec {

/// Rows per stored chunk.
inline constexpr std::size_t kChunkRows = 65536;

/// Encodes rows [begin, end) of `claims` as one chunk. Each column is stored as its minimum plus
/// the differences in the narrowest of 0, 1, 2, 4 or 8 bytes (little-endian), so a chunk of one
/// clinic's claims with quantity 1 costs about 9 bytes a line.
std::string encode(const ClaimColumns& claims, std::size_t begin, std::size_t end);

/// Decodes a chunk into `out` (replacing its contents). Throws Error on a malformed chunk.
void decode(std::string_view chunk, ClaimColumns& out);

/// Rows in a chunk, from its header.
std::size_t rows(std::string_view chunk);

}  // namespace praksis::claim_codec
