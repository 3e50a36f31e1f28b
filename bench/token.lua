-- wrk script: the same authenticated GET, token in VIGIL_TOKEN.
wrk.headers["Authorization"] = "Token " .. os.getenv("VIGIL_TOKEN")
