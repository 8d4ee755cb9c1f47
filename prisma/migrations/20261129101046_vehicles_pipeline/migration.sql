-- CreateTable
CREATE TABLE "vehicles" (
    "id" VARCHAR(64) NOT NULL,
    "vehicle_type" VARCHAR(32) NOT NULL,
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "speed_kmh" DOUBLE PRECISION NOT NULL,
    "heading_deg" DOUBLE PRECISION NOT NULL,
    "segment_id" INTEGER,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "vehicles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "speeding_events" (
    "id" UUID NOT NULL,
    "vehicle_id" VARCHAR(64) NOT NULL,
    "vehicle_type" VARCHAR(32) NOT NULL,
    "segment_id" INTEGER NOT NULL,
    "speed_kmh" DOUBLE PRECISION NOT NULL,
    "limit_kmh" DOUBLE PRECISION NOT NULL,
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "speeding_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "geofence_transitions" (
    "id" UUID NOT NULL,
    "vehicle_id" VARCHAR(64) NOT NULL,
    "zone_id" VARCHAR(64) NOT NULL,
    "zone_kind" VARCHAR(16) NOT NULL,
    "transition" VARCHAR(8) NOT NULL,
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "geofence_transitions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "vehicles_last_seen_at_idx" ON "vehicles"("last_seen_at" DESC);

-- CreateIndex
CREATE INDEX "vehicles_segment_id_idx" ON "vehicles"("segment_id");

-- CreateIndex
CREATE INDEX "speeding_events_vehicle_id_occurred_at_idx" ON "speeding_events"("vehicle_id", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "speeding_events_occurred_at_idx" ON "speeding_events"("occurred_at" DESC);

-- CreateIndex
CREATE INDEX "geofence_transitions_zone_id_occurred_at_idx" ON "geofence_transitions"("zone_id", "occurred_at" DESC);

-- CreateIndex
CREATE INDEX "geofence_transitions_vehicle_id_occurred_at_idx" ON "geofence_transitions"("vehicle_id", "occurred_at" DESC);
