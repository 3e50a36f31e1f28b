-- wrk script: the same authenticated GET or HEAD, token in VIGIL_TOKEN, method in WRK_METHOD.
wrk.method = os.getenv("WRK_METHOD") or "GET"
wrk.headers["Authorization"] = "Token " .. os.getenv("VIGIL_TOKEN")
