-- CreateEnum
CREATE TYPE "incident_type" AS ENUM ('accident', 'fire', 'medical', 'crime', 'hazmat', 'breakdown');

-- CreateEnum
CREATE TYPE "incident_status" AS ENUM ('reported', 'acknowledged', 'dispatched', 'en_route', 'on_scene', 'resolved', 'cancelled');

-- CreateEnum
CREATE TYPE "severity" AS ENUM ('low', 'medium', 'high', 'critical');

-- CreateEnum
CREATE TYPE "emergency_unit_type" AS ENUM ('ambulance', 'fire_engine', 'police');

-- CreateEnum
CREATE TYPE "unit_status" AS ENUM ('available', 'dispatched', 'en_route', 'on_scene', 'clearing', 'returning', 'out_of_service');

-- CreateEnum
CREATE TYPE "station_kind" AS ENUM ('weather', 'air_quality', 'emergency_service');

-- CreateEnum
CREATE TYPE "zone_kind" AS ENUM ('neighbourhood', 'operator');

-- CreateTable
CREATE TABLE "incidents" (
    "id" VARCHAR(64) NOT NULL,
    "type" "incident_type" NOT NULL,
    "status" "incident_status" NOT NULL,
    "severity" "severity" NOT NULL,
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "segment_id" INTEGER,
    "description" TEXT NOT NULL DEFAULT '',
    "details" JSONB NOT NULL DEFAULT '{}',
    "reported_by" VARCHAR(128) NOT NULL,
    "reported_at" TIMESTAMPTZ(3) NOT NULL,
    "last_event_at" TIMESTAMPTZ(3) NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_events" (
    "id" UUID NOT NULL,
    "incident_id" VARCHAR(64) NOT NULL,
    "status" "incident_status" NOT NULL,
    "severity" "severity",
    "unit_id" VARCHAR(64),
    "actor" VARCHAR(128) NOT NULL,
    "source" VARCHAR(64) NOT NULL,
    "note" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "emergency_units" (
    "id" VARCHAR(64) NOT NULL,
    "type" "emergency_unit_type" NOT NULL,
    "status" "unit_status" NOT NULL,
    "call_sign" VARCHAR(32),
    "station_id" VARCHAR(64),
    "current_incident_id" VARCHAR(64),
    "last_latitude" DOUBLE PRECISION,
    "last_longitude" DOUBLE PRECISION,
    "last_position_at" TIMESTAMPTZ(3),
    "last_status_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "emergency_units_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dispatches" (
    "id" UUID NOT NULL,
    "unit_id" VARCHAR(64) NOT NULL,
    "incident_id" VARCHAR(64) NOT NULL,
    "priority" "severity" NOT NULL,
    "issued_by" VARCHAR(128) NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "acknowledged_at" TIMESTAMPTZ(3),
    "arrived_at" TIMESTAMPTZ(3),

    CONSTRAINT "dispatches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stations" (
    "id" VARCHAR(64) NOT NULL,
    "kind" "station_kind" NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "neighbourhood" VARCHAR(128),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "road_segments" (
    "seg_id" INTEGER NOT NULL,
    "osm_id" BIGINT NOT NULL,
    "from_node_id" BIGINT,
    "to_node_id" BIGINT,
    "name" VARCHAR(256),
    "highway" VARCHAR(32) NOT NULL,
    "length_m" DOUBLE PRECISION NOT NULL,
    "maxspeed_kmh" INTEGER,
    "oneway" BOOLEAN NOT NULL DEFAULT false,
    "geometry" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "road_segments_pkey" PRIMARY KEY ("seg_id")
);

-- CreateTable
CREATE TABLE "zones" (
    "id" VARCHAR(64) NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "kind" "zone_kind" NOT NULL,
    "polygon" JSONB NOT NULL,
    "created_by" VARCHAR(128) NOT NULL,
    "updated_by" VARCHAR(128) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "zones_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "actor" VARCHAR(128) NOT NULL,
    "role" VARCHAR(32) NOT NULL,
    "action" VARCHAR(64) NOT NULL,
    "entity" VARCHAR(64) NOT NULL,
    "entity_id" VARCHAR(64),
    "input" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_events" (
    "consumer" VARCHAR(64) NOT NULL,
    "event_id" UUID NOT NULL,
    "topic" VARCHAR(128) NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("consumer","event_id")
);

-- CreateIndex
CREATE INDEX "incidents_status_severity_idx" ON "incidents"("status", "severity");

-- CreateIndex
CREATE INDEX "incidents_reported_at_idx" ON "incidents"("reported_at" DESC);

-- CreateIndex
CREATE INDEX "incidents_type_status_idx" ON "incidents"("type", "status");

-- CreateIndex
CREATE INDEX "incidents_segment_id_idx" ON "incidents"("segment_id");

-- CreateIndex
CREATE INDEX "incident_events_incident_id_occurred_at_idx" ON "incident_events"("incident_id", "occurred_at");

-- CreateIndex
CREATE INDEX "emergency_units_status_type_idx" ON "emergency_units"("status", "type");

-- CreateIndex
CREATE INDEX "emergency_units_current_incident_id_idx" ON "emergency_units"("current_incident_id");

-- CreateIndex
CREATE INDEX "emergency_units_station_id_idx" ON "emergency_units"("station_id");

-- CreateIndex
CREATE INDEX "dispatches_incident_id_idx" ON "dispatches"("incident_id");

-- CreateIndex
CREATE INDEX "dispatches_unit_id_issued_at_idx" ON "dispatches"("unit_id", "issued_at" DESC);

-- CreateIndex
CREATE INDEX "stations_kind_idx" ON "stations"("kind");

-- CreateIndex
CREATE INDEX "stations_neighbourhood_idx" ON "stations"("neighbourhood");

-- CreateIndex
CREATE INDEX "road_segments_osm_id_idx" ON "road_segments"("osm_id");

-- CreateIndex
CREATE INDEX "road_segments_highway_idx" ON "road_segments"("highway");

-- CreateIndex
CREATE UNIQUE INDEX "zones_kind_name_key" ON "zones"("kind", "name");

-- CreateIndex
CREATE INDEX "audit_log_entity_entity_id_at_idx" ON "audit_log"("entity", "entity_id", "at" DESC);

-- CreateIndex
CREATE INDEX "audit_log_actor_at_idx" ON "audit_log"("actor", "at" DESC);

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at" DESC);

-- CreateIndex
CREATE INDEX "processed_events_processed_at_idx" ON "processed_events"("processed_at");

-- AddForeignKey
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "emergency_units" ADD CONSTRAINT "emergency_units_station_id_fkey" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "emergency_units" ADD CONSTRAINT "emergency_units_current_incident_id_fkey" FOREIGN KEY ("current_incident_id") REFERENCES "incidents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dispatches" ADD CONSTRAINT "dispatches_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "emergency_units"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dispatches" ADD CONSTRAINT "dispatches_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
