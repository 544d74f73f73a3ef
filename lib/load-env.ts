// For scripts run outside Next.js: load .env and .env.local the way Next does.
import nextEnv from "@next/env";

nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production");
