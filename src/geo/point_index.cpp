// k-d tree over unit vectors (nanoflann).
#include "praksis/geo/point_index.hpp"

#include <nanoflann.hpp>

#include <algorithm>

namespace praksis {

struct PointIndex::Impl {
  std::vector<UnitVector> pts;
  std::vector<std::uint32_t> ids;

  std::size_t kdtree_get_point_count() const { return pts.size(); }
  double kdtree_get_pt(std::size_t i, std::size_t dim) const {
    return dim == 0 ? pts[i].x : dim == 1 ? pts[i].y : pts[i].z;
  }
  template <class Box>
  bool kdtree_get_bbox(Box&) const {
    return false;
  }

  using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, Impl>,
                                                   Impl, 3, std::uint32_t>;
  std::unique_ptr<Tree> tree;
};

namespace {
void sort_hits(std::vector<Neighbor>& out) {
  std::sort(out.begin(), out.end(), [](const Neighbor& a, const Neighbor& b) {
    return a.chord2 != b.chord2 ? a.chord2 < b.chord2 : a.id < b.id;
  });
}
}  // namespace

PointIndex::PointIndex() : impl_(std::make_unique<Impl>()) {}

PointIndex::PointIndex(std::span<const GeoPoint> points, std::span<const std::uint32_t> ids)
    : impl_(std::make_unique<Impl>()) {
  impl_->pts.reserve(points.size());
  for (auto p : points) impl_->pts.push_back(UnitVector::from(p));
  impl_->ids.resize(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    impl_->ids[i] = ids.empty() ? static_cast<std::uint32_t>(i) : ids[i];
  }
  if (!points.empty()) {
    impl_->tree = std::make_unique<Impl::Tree>(3, *impl_, nanoflann::KDTreeSingleIndexAdaptorParams(8));
    impl_->tree->buildIndex();
  }
}

PointIndex::~PointIndex() = default;
PointIndex::PointIndex(PointIndex&&) noexcept = default;
PointIndex& PointIndex::operator=(PointIndex&&) noexcept = default;

std::size_t PointIndex::size() const { return impl_->pts.size(); }

void PointIndex::within(GeoPoint q, double radius_km, std::vector<Neighbor>& out) const {
  within(UnitVector::from(q), radius_km, out);
}

void PointIndex::within(const UnitVector& q, double radius_km, std::vector<Neighbor>& out) const {
  out.clear();
  if (!impl_->tree) return;
  const double threshold = GreatCircle::within_threshold(radius_km);
  // Search slightly wider, then apply the exact shared predicate so results equal a brute force.
  std::vector<std::pair<std::uint32_t, double>> hits;
  const double qp[3] = {q.x, q.y, q.z};
  nanoflann::SearchParams params;
  params.sorted = false;
  impl_->tree->radiusSearch(qp, threshold * (1 + 1e-9) + 1e-18, hits, params);
  for (auto [i, d2] : hits) {
    (void)d2;
    const double c2 = chord2(q, impl_->pts[i]);
    if (c2 <= threshold) out.push_back({impl_->ids[i], c2});
  }
  sort_hits(out);
}

void PointIndex::nearest(const UnitVector& q, std::size_t k, std::vector<Neighbor>& out) const {
  out.clear();
  if (!impl_->tree || k == 0) return;
  k = std::min(k, impl_->pts.size());
  std::vector<std::uint32_t> idx(k);
  std::vector<double> d2(k);
  const double qp[3] = {q.x, q.y, q.z};
  const std::size_t n = impl_->tree->knnSearch(qp, k, idx.data(), d2.data());
  for (std::size_t j = 0; j < n; ++j) out.push_back({impl_->ids[idx[j]], chord2(q, impl_->pts[idx[j]])});
  sort_hits(out);
}

std::vector<Neighbor> PointIndex::nearest(GeoPoint q, std::size_t k) const {
  std::vector<Neighbor> out;
  nearest(UnitVector::from(q), k, out);
  return out;
}

}  // namespace praksis
