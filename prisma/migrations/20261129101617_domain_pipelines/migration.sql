-- CreateTable
CREATE TABLE "traffic_windows" (
    "segment_id" INTEGER NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "window_seconds" INTEGER NOT NULL,
    "window_end" TIMESTAMPTZ(3) NOT NULL,
    "mean_speed_kmh" DOUBLE PRECISION,
    "free_flow_kmh" DOUBLE PRECISION NOT NULL,
    "speed_ratio" DOUBLE PRECISION,
    "los" VARCHAR(1),
    "travel_time_index" DOUBLE PRECISION,
    "volume" INTEGER NOT NULL,
    "flow_per_hour" DOUBLE PRECISION NOT NULL,
    "speed_samples" INTEGER NOT NULL,
    "probe_vehicles" INTEGER NOT NULL,
    "camera_vehicles" INTEGER NOT NULL,
    "occupancy_pct" DOUBLE PRECISION,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "traffic_windows_pkey" PRIMARY KEY ("segment_id","window_start","window_seconds")
);

-- CreateTable
CREATE TABLE "air_quality_hourly" (
    "station_id" VARCHAR(64) NOT NULL,
    "hour_start" TIMESTAMPTZ(3) NOT NULL,
    "samples" INTEGER NOT NULL,
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "pm25_avg" DOUBLE PRECISION NOT NULL,
    "pm25_max" DOUBLE PRECISION NOT NULL,
    "pm10_avg" DOUBLE PRECISION NOT NULL,
    "pm10_max" DOUBLE PRECISION NOT NULL,
    "o3_avg_ppb" DOUBLE PRECISION NOT NULL,
    "o3_max_ppb" DOUBLE PRECISION NOT NULL,
    "no2_avg_ppb" DOUBLE PRECISION NOT NULL,
    "no2_max_ppb" DOUBLE PRECISION NOT NULL,
    "co_avg_ppm" DOUBLE PRECISION NOT NULL,
    "co_max_ppm" DOUBLE PRECISION NOT NULL,
    "noise_avg_dba" DOUBLE PRECISION NOT NULL,
    "noise_max_dba" DOUBLE PRECISION NOT NULL,
    "aqi_max" INTEGER NOT NULL,
    "dominant_pollutant" VARCHAR(8) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "air_quality_hourly_pkey" PRIMARY KEY ("station_id","hour_start")
);

-- CreateTable
CREATE TABLE "weather_hourly" (
    "station_id" VARCHAR(64) NOT NULL,
    "hour_start" TIMESTAMPTZ(3) NOT NULL,
    "samples" INTEGER NOT NULL,
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "temperature_avg_c" DOUBLE PRECISION NOT NULL,
    "temperature_min_c" DOUBLE PRECISION NOT NULL,
    "temperature_max_c" DOUBLE PRECISION NOT NULL,
    "humidity_avg_pct" DOUBLE PRECISION NOT NULL,
    "wind_speed_avg_kmh" DOUBLE PRECISION NOT NULL,
    "wind_speed_max_kmh" DOUBLE PRECISION NOT NULL,
    "precipitation_avg_mm_per_h" DOUBLE PRECISION NOT NULL,
    "precipitation_max_mm_per_h" DOUBLE PRECISION NOT NULL,
    "pressure_avg_hpa" DOUBLE PRECISION NOT NULL,
    "condition" VARCHAR(32) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "weather_hourly_pkey" PRIMARY KEY ("station_id","hour_start")
);

-- CreateTable
CREATE TABLE "health_alerts" (
    "id" VARCHAR(128) NOT NULL,
    "station_id" VARCHAR(64) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "category" VARCHAR(40) NOT NULL,
    "aqi" INTEGER NOT NULL,
    "dominant_pollutant" VARCHAR(8) NOT NULL,
    "peak_aqi" INTEGER NOT NULL,
    "peak_category" VARCHAR(40) NOT NULL,
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "last_event_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "health_alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_response_steps" (
    "id" UUID NOT NULL,
    "incident_id" VARCHAR(64) NOT NULL,
    "unit_id" VARCHAR(64) NOT NULL,
    "step" VARCHAR(16) NOT NULL,
    "command_id" UUID,
    "actor" VARCHAR(128) NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "incident_response_steps_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "traffic_windows_window_start_window_seconds_idx" ON "traffic_windows"("window_start" DESC, "window_seconds");

-- CreateIndex
CREATE INDEX "air_quality_hourly_hour_start_idx" ON "air_quality_hourly"("hour_start" DESC);

-- CreateIndex
CREATE INDEX "weather_hourly_hour_start_idx" ON "weather_hourly"("hour_start" DESC);

-- CreateIndex
CREATE INDEX "health_alerts_status_started_at_idx" ON "health_alerts"("status", "started_at" DESC);

-- CreateIndex
CREATE INDEX "health_alerts_station_id_started_at_idx" ON "health_alerts"("station_id", "started_at" DESC);

-- CreateIndex
CREATE INDEX "incident_response_steps_incident_id_step_occurred_at_idx" ON "incident_response_steps"("incident_id", "step", "occurred_at");

-- CreateIndex
CREATE INDEX "incident_response_steps_unit_id_occurred_at_idx" ON "incident_response_steps"("unit_id", "occurred_at" DESC);
