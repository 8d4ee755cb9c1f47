/* global window */
// Development default; `npm run start -w @city/web` serves the real runtime configuration here.
window.__CITY_CONFIG__ = window.__CITY_CONFIG__ || {
  gatewayUrl: '/graphql',
  mapboxToken: null,
  devUsers: [],
};
