// The snapshot codec: the world as one compressed, columnar blob.
#include "praksis/store/world_snapshot.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <cstring>
#include <type_traits>

#include "praksis/core/error.hpp"

namespace praksis {
namespace {

constexpr char kMagic[4] = {'P', 'R', 'K', 'W'};
constexpr std::uint32_t kFormat = 1;
constexpr char kTextMagic[4] = {'P', 'R', 'K', 'T'};

class Writer {
 public:
  template <class T>
  void put(T v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto at = out_.size();
    out_.resize(at + sizeof(T));
    std::memcpy(out_.data() + at, &v, sizeof(T));
  }
  void put_string(std::string_view s) {
    put(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  /// A column byte-planed: every value's first byte, then every second byte, ...; neighbouring
  /// values share their high bytes, which zlib then finds as long runs.
  template <class T>
  void put_column(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    put(static_cast<std::uint64_t>(v.size()));
    const auto at = out_.size();
    out_.resize(at + v.size() * sizeof(T));
    const auto* src = reinterpret_cast<const unsigned char*>(v.data());
    char* dst = out_.data() + at;
    for (std::size_t b = 0; b < sizeof(T); ++b)
      for (std::size_t i = 0; i < v.size(); ++i)
        dst[b * v.size() + i] = static_cast<char>(src[i * sizeof(T) + b]);
  }
  std::string& str() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  Reader(std::string_view in, std::string_view source) : in_(in), source_(source) {}
  template <class T>
  T get() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, in_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return v;
  }
  std::string get_string() {
    const auto n = get<std::uint32_t>();
    need(n);
    std::string s(in_.substr(at_, n));
    at_ += n;
    return s;
  }
  template <class T>
  void get_column(std::vector<T>& v, std::size_t expect) {
    const auto n = get<std::uint64_t>();
    if (n != expect) fail("column length");
    need(n * sizeof(T));
    v.resize(n);
    auto* dst = reinterpret_cast<unsigned char*>(v.data());
    const char* src = in_.data() + at_;
    for (std::size_t b = 0; b < sizeof(T); ++b)
      for (std::size_t i = 0; i < n; ++i)
        dst[i * sizeof(T) + b] = static_cast<unsigned char>(src[b * n + i]);
    at_ += n * sizeof(T);
  }
  bool done() const { return at_ == in_.size(); }
  [[noreturn]] void fail(std::string_view what) const {
    throw Error(fmt::format("{}: damaged world snapshot ({} at byte {})", source_, what, at_));
  }

 private:
  void need(std::size_t n) const {
    if (in_.size() - at_ < n) fail("truncated");
  }
  std::string_view in_;
  std::string_view source_;
  std::size_t at_ = 0;
};

std::string pack(std::string_view raw, const char (&magic)[4]) {
  uLongf bound = compressBound(static_cast<uLong>(raw.size()));
  std::string out(16 + bound, '\0');
  std::memcpy(out.data(), magic, 4);
  std::memcpy(out.data() + 4, &kFormat, 4);
  const std::uint64_t size = raw.size();
  std::memcpy(out.data() + 8, &size, 8);
  // Level 3: within a few per cent of the best ratio at a fraction of level 6's time.
  if (compress2(reinterpret_cast<Bytef*>(out.data() + 16), &bound,
                reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()),
                3) != Z_OK)
    throw Error("world snapshot: compression failed");
  out.resize(16 + bound);
  return out;
}

std::string unpack(std::string_view packed, const char (&magic)[4], std::string_view source) {
  if (packed.size() < 16 || std::memcmp(packed.data(), magic, 4) != 0)
    throw Error(fmt::format("{}: not a praksis snapshot", source));
  std::uint32_t format = 0;
  std::memcpy(&format, packed.data() + 4, 4);
  if (format != kFormat)
    throw Error(fmt::format("{}: snapshot format {} is not supported (expected {})", source, format,
                            kFormat));
  std::uint64_t size = 0;
  std::memcpy(&size, packed.data() + 8, 8);
  std::string raw(size, '\0');
  uLongf got = static_cast<uLongf>(size);
  if (uncompress(reinterpret_cast<Bytef*>(raw.data()), &got,
                 reinterpret_cast<const Bytef*>(packed.data() + 16),
                 static_cast<uLong>(packed.size() - 16)) != Z_OK ||
      got != size)
    throw Error(fmt::format("{}: damaged snapshot (does not decompress)", source));
  return raw;
}

}  // namespace

std::string compress_bytes(std::string_view raw) {
  return pack(raw, kTextMagic);
}
std::string decompress_bytes(std::string_view packed, std::string_view source) {
  return unpack(packed, kTextMagic, source);
}

std::string encode_world(const World& w) {
  // The blob has no place for an extract's manifest and its listings outside the extract.
  if (w.extract)
    throw InputError(InputLocation{"--as-of", 0, 0, {}}, message("input.snapshot.extract"));
  Writer o;
  o.put(static_cast<std::uint32_t>(w.regions.size()));
  for (const Region& r : w.regions) {
    o.put(r.code);
    o.put_string(r.name);
  }
  o.put(static_cast<std::uint32_t>(w.kommuner.size()));
  for (const Kommune& k : w.kommuner) {
    o.put(k.code);
    o.put(k.region);
    o.put_string(k.name);
  }
  o.put(static_cast<std::uint32_t>(w.clinics.size()));
  for (const Clinic& c : w.clinics) {
    o.put(c.ydernummer);
    o.put_string(c.name);
    o.put(c.form);
    o.put(c.kommune);
    o.put(c.location);
    o.put(static_cast<std::uint8_t>(c.open));
    o.put(c.established.days());
    o.put(c.capacities);
    o.put(c.unfilled_capacities);
    o.put(static_cast<std::uint8_t>(c.services.has_value()));
    if (c.services) o.put(*c.services);
  }
  o.put(static_cast<std::uint32_t>(w.doctors.size()));
  for (const Doctor& d : w.doctors) {
    o.put(d.id);
    o.put(d.ydernummer);
    o.put(d.birth_year);
    o.put(d.role);
    o.put(d.since_year);
  }
  o.put(static_cast<std::uint32_t>(w.nursing_homes.size()));
  for (const NursingHome& h : w.nursing_homes) {
    o.put(h.id);
    o.put_string(h.name);
    o.put(h.kommune);
    o.put(h.location);
    o.put(h.places);
    o.put(h.attached.value_or(0));
  }
  const CitizenTable& ct = w.citizens;
  o.put(static_cast<std::uint64_t>(ct.size()));
  // Listings by ydernummer, as the stores keep them (a clinic's position is not an identity).
  std::vector<Ydernummer> yder(ct.size());
  for (std::size_t i = 0; i < ct.size(); ++i)
    yder[i] = ct.listing[i] == kNoClinic ? 0 : w.clinics[ct.listing[i]].ydernummer;
  o.put_column(ct.id);
  o.put_column(ct.household);
  o.put_column(ct.birth_year);
  o.put_column(ct.sex);
  std::vector<std::int32_t> lat(ct.size()), lon(ct.size());
  for (std::size_t i = 0; i < ct.size(); ++i) {
    lat[i] = ct.home[i].lat_e5;
    lon[i] = ct.home[i].lon_e5;
  }
  o.put_column(lat);
  o.put_column(lon);
  o.put_column(ct.kommune);
  o.put_column(ct.group);
  o.put_column(ct.conditions);
  o.put_column(ct.labour);
  o.put_column(yder);
  o.put_column(ct.home_visit_right);
  // The planning inputs (schema 5), after the citizens: a blob written before them ends above
  // and decodes with none.
  const auto opt = [&](const auto& v) {
    o.put(static_cast<std::uint8_t>(v.has_value()));
    if (v) o.put(*v);
  };
  o.put(static_cast<std::uint32_t>(w.capacity_pipeline.size()));
  for (const PipelineCapacity& pc : w.capacity_pipeline) {
    o.put(pc.id);
    o.put(pc.status);
    o.put(pc.kommune);
    opt(pc.ydernummer);
    o.put(pc.capacities);
    o.put(pc.advertised.days());
    opt(pc.assigned ? std::optional<std::int32_t>(pc.assigned->days()) : std::nullopt);
    opt(pc.expected_start ? std::optional<std::int32_t>(pc.expected_start->days()) : std::nullopt);
  }
  o.put(static_cast<std::uint32_t>(w.hearing.size()));
  for (const HearingEntry& h : w.hearing) {
    o.put(h.ydernummer);
    o.put(h.doctor);
    opt(h.wished_list_size);
    opt(h.wished_open);
    opt(h.move_to);
    opt(h.extra_capacities);
    opt(h.retirement_year);
  }
  std::string packed = pack(o.str(), kMagic);
  return packed;
}

World decode_world(std::string_view blob, std::string_view source) {
  const std::string raw = unpack(blob, kMagic, source);
  Reader in(raw, source);
  World w;
  w.regions.resize(in.get<std::uint32_t>());
  for (Region& r : w.regions) {
    r.code = in.get<RegionCode>();
    r.name = in.get_string();
  }
  w.kommuner.resize(in.get<std::uint32_t>());
  for (Kommune& k : w.kommuner) {
    k.code = in.get<KommuneCode>();
    k.region = in.get<RegionCode>();
    k.name = in.get_string();
  }
  w.clinics.resize(in.get<std::uint32_t>());
  for (Clinic& c : w.clinics) {
    c.ydernummer = in.get<Ydernummer>();
    c.name = in.get_string();
    c.form = in.get<PracticeForm>();
    c.kommune = in.get<KommuneCode>();
    c.location = in.get<GeoPoint>();
    c.open = in.get<std::uint8_t>() != 0;
    c.established = Date::from_days(in.get<std::int32_t>());
    c.capacities = in.get<std::uint16_t>();
    c.unfilled_capacities = in.get<std::uint16_t>();
    if (in.get<std::uint8_t>() != 0) c.services = in.get<ClinicServices>();
  }
  w.doctors.resize(in.get<std::uint32_t>());
  for (Doctor& d : w.doctors) {
    d.id = in.get<DoctorId>();
    d.ydernummer = in.get<Ydernummer>();
    d.birth_year = in.get<std::uint16_t>();
    d.role = in.get<DoctorRole>();
    d.since_year = in.get<std::uint16_t>();
  }
  w.nursing_homes.resize(in.get<std::uint32_t>());
  for (NursingHome& h : w.nursing_homes) {
    h.id = in.get<std::uint32_t>();
    h.name = in.get_string();
    h.kommune = in.get<KommuneCode>();
    h.location = in.get<GeoPoint>();
    h.places = in.get<std::uint16_t>();
    if (const auto a = in.get<Ydernummer>(); a != 0) h.attached = a;
  }
  const auto n = static_cast<std::size_t>(in.get<std::uint64_t>());
  CitizenTable& ct = w.citizens;
  std::vector<Ydernummer> yder;
  std::vector<std::int32_t> lat, lon;
  in.get_column(ct.id, n);
  in.get_column(ct.household, n);
  in.get_column(ct.birth_year, n);
  in.get_column(ct.sex, n);
  in.get_column(lat, n);
  in.get_column(lon, n);
  in.get_column(ct.kommune, n);
  in.get_column(ct.group, n);
  in.get_column(ct.conditions, n);
  in.get_column(ct.labour, n);
  in.get_column(yder, n);
  in.get_column(ct.home_visit_right, n);
  if (!in.done()) {  // the planning inputs (absent from blobs of schema 4)
    const auto opt = [&]<class T>(std::optional<T>& v) {
      if (in.get<std::uint8_t>() != 0) v = in.get<T>();
    };
    const auto opt_date = [&](std::optional<Date>& d) {
      std::optional<std::int32_t> days;
      opt(days);
      if (days) d = Date::from_days(*days);
    };
    w.capacity_pipeline.resize(in.get<std::uint32_t>());
    for (PipelineCapacity& pc : w.capacity_pipeline) {
      pc.id = in.get<std::uint32_t>();
      pc.status = in.get<PipelineStatus>();
      pc.kommune = in.get<KommuneCode>();
      opt(pc.ydernummer);
      pc.capacities = in.get<std::uint16_t>();
      pc.advertised = Date::from_days(in.get<std::int32_t>());
      opt_date(pc.assigned);
      opt_date(pc.expected_start);
    }
    w.hearing.resize(in.get<std::uint32_t>());
    for (HearingEntry& h : w.hearing) {
      h.ydernummer = in.get<Ydernummer>();
      h.doctor = in.get<DoctorId>();
      opt(h.wished_list_size);
      opt(h.wished_open);
      opt(h.move_to);
      opt(h.extra_capacities);
      opt(h.retirement_year);
    }
  }
  if (!in.done()) in.fail("trailing bytes");
  ct.home.resize(n);
  for (std::size_t i = 0; i < n; ++i) ct.home[i] = GeoPoint{lat[i], lon[i]};
  w.build_indexes();
  ct.listing.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (yder[i] == 0) {
      ct.listing[i] = kNoClinic;
      continue;
    }
    const auto j = w.find_clinic(yder[i]);
    if (!j) in.fail(fmt::format("citizen row {} listed with unknown ydernummer {}", i, yder[i]));
    ct.listing[i] = *j;
  }
  return w;
}

}  // namespace praksis

#include "praksis/store/store.hpp"

namespace praksis {

void Store::save_snapshot(Date as_of, const World& w) {
  put_snapshot(as_of, static_cast<std::int64_t>(w.citizens.size()), encode_world(w));
}

std::optional<World> Store::load_snapshot(Date as_of) {
  auto blob = get_snapshot(as_of);
  if (!blob) return std::nullopt;
  return decode_world(*blob, fmt::format("{} snapshot {}", location(), as_of.to_string()));
}

}  // namespace praksis
