// Imported first by every command and the server, so `.env` is in process.env before any module reads it.
import { loadEnvFile } from './env-file.ts';

loadEnvFile();
