-- CreateIndex
CREATE INDEX "geofence_transitions_occurred_at_idx" ON "geofence_transitions"("occurred_at");

-- CreateIndex
CREATE INDEX "health_alerts_ended_at_idx" ON "health_alerts"("ended_at");
