-- S4's peer in PostGIS (bench/peers_s4.py): the distinct home locations with their residents
-- and the open choices, as geography points with a GiST index on the clinics.
-- :homes and :clinics are replaced by the paths of the tab-separated files (read by psql).
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgis;
DROP TABLE IF EXISTS homes, clinics;
CREATE TABLE homes(kommune int, lat_e5 int, lon_e5 int, n int);
CREATE TABLE clinics(lat_e5 int, lon_e5 int);
\copy homes FROM :homes
\copy clinics FROM :clinics
ALTER TABLE homes ADD COLUMN g geography(Point, 4326);
UPDATE homes SET g = ST_SetSRID(ST_MakePoint(lon_e5 / 1e5, lat_e5 / 1e5), 4326)::geography;
ALTER TABLE clinics ADD COLUMN g geography(Point, 4326);
UPDATE clinics SET g = ST_SetSRID(ST_MakePoint(lon_e5 / 1e5, lat_e5 / 1e5), 4326)::geography;
CREATE INDEX clinics_g ON clinics USING gist(g);
VACUUM ANALYZE homes;
VACUUM ANALYZE clinics;
