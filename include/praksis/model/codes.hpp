// Identifier types of the domain.
#pragma once

#include <cstdint>
#include <limits>

namespace praksis {

/// Regionskode, 1081-1085.
using RegionCode = std::uint16_t;
/// Kommunekode, three digits (101 København ... 860 Hjørring).
using KommuneCode = std::uint16_t;
/// Ydernummer (provider number); in praksis one clinic holds one ydernummer.
using Ydernummer = std::uint32_t;
/// Pseudonymous doctor id.
using DoctorId = std::uint32_t;
/// Pseudonymous citizen id (64 bits, written as 16 hex digits). Never a CPR number.
using CitizenId = std::uint64_t;
/// Pseudonymous household id (citizens at one address who form a family).
using HouseholdId = std::uint64_t;

/// Position of a clinic in World::clinics.
using ClinicIndex = std::uint32_t;
inline constexpr ClinicIndex kNoClinic = std::numeric_limits<ClinicIndex>::max();
/// Position of a citizen in World::citizens.
using CitizenIndex = std::uint32_t;
inline constexpr CitizenIndex kNoCitizen = std::numeric_limits<CitizenIndex>::max();

}  // namespace praksis
