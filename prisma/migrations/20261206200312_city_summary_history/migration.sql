-- CreateTable
CREATE TABLE "vehicle_count_minutes" (
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "partition" INTEGER NOT NULL,
    "active_vehicles" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "vehicle_count_minutes_pkey" PRIMARY KEY ("minute","partition")
);

-- CreateTable
CREATE TABLE "traffic_kpi_minutes" (
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "partition" INTEGER NOT NULL,
    "speed_sum_kmh" DOUBLE PRECISION NOT NULL,
    "speed_samples" INTEGER NOT NULL,
    "segments_observed" INTEGER NOT NULL,
    "congested_segments" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "traffic_kpi_minutes_pkey" PRIMARY KEY ("minute","partition")
);

-- CreateTable
CREATE TABLE "air_quality_minutes" (
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "partition" INTEGER NOT NULL,
    "stations" INTEGER NOT NULL,
    "aqi_sum" INTEGER NOT NULL,
    "worst_aqi" INTEGER NOT NULL,
    "worst_station_id" VARCHAR(64) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "air_quality_minutes_pkey" PRIMARY KEY ("minute","partition")
);

-- CreateIndex
CREATE INDEX "incidents_resolved_at_idx" ON "incidents"("resolved_at");
