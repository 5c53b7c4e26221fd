# main/ component: the generated model, the front end, the earforge application and the ESP32 glue (main_esp32.c).
file(GLOB EF_SRCS "${r"${CMAKE_CURRENT_SOURCE_DIR}"}/*.c")
idf_component_register(SRCS ${r"${EF_SRCS}"}
                       INCLUDE_DIRS "."
                       REQUIRES driver esp_timer)
# The probes (per-layer cycle counts) are compiled in everywhere: -include earforge_probe.h with EARFORGE_PROFILE.
target_compile_options(${r"${COMPONENT_LIB}"} PRIVATE -O2 -DEARFORGE_PROFILE
                       -include ${r"${CMAKE_CURRENT_SOURCE_DIR}"}/earforge_probe.h -Wno-unused-parameter)
