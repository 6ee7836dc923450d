# The Debian package: `cpack -G DEB` in a build folder (scripts/package.sh
# runs it). What goes where (docs/PACKAGING.md):
#   /usr/lib/sauatty/                       the host and its modules (native-host/app)
#   /etc/opt/chrome, /etc/chromium, /etc/opt/edge, /usr/lib/mozilla:
#                                           native-messaging manifests, written by the
#                                           built host itself (install --system --root)
#   /usr/share/sauatty/policies/            Chrome and Firefox policy templates, made
#                                           here from extension/identity.json and
#                                           extension/managed_schema.json
#   /lib/systemd/system/                    the daily list-update service and timer
#   /usr/share/sauatty/lists/               only with `package.sh --lists`: the list
#                                           snapshot postinst seeds /var/lib/sauatty/lists with
#   /usr/share/man/, /usr/share/doc/sauatty/  man pages, copyright, THIRD-PARTY.md
# Maintainer scripts (packaging/debian/) enable the timer and, on purge,
# delete /var/lib/sauatty. Dependencies come from dpkg-shlibdeps.
if(NOT CMAKE_SYSTEM_NAME STREQUAL "Linux")
  return()
endif()

file(READ ${PROJECT_SOURCE_DIR}/extension/identity.json sauatty_identity)
string(JSON chrome_id GET "${sauatty_identity}" chrome_id)
string(JSON gecko_id GET "${sauatty_identity}" gecko_id)
set(sauatty_pkg_src ${PROJECT_SOURCE_DIR}/packaging)
set(sauatty_pkg_out ${PROJECT_BINARY_DIR}/packaging)
set(sauatty_host_path /usr/lib/sauatty/sauatty-host)

# Native-messaging manifests: the same code as a manual `install --system`.
set(sauatty_manifest_folders
    /etc/opt/chrome/native-messaging-hosts /etc/chromium/native-messaging-hosts
    /etc/opt/edge/native-messaging-hosts /usr/lib/mozilla/native-messaging-hosts)
set(sauatty_manifests "")
foreach(folder IN LISTS sauatty_manifest_folders)
  list(APPEND sauatty_manifests ${sauatty_pkg_out}/root${folder}/sauatty.json)
endforeach()
add_custom_command(
  OUTPUT ${sauatty_manifests}
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${sauatty_pkg_out}/root
  COMMAND $<TARGET_FILE:sauatty-host> install --system --browser all --root ${sauatty_pkg_out}/root
          --host-path ${sauatty_host_path} > ${sauatty_pkg_out}/manifests.log
  DEPENDS sauatty-host
  COMMENT "Writing the native-messaging manifests for the package")

# Man pages, compressed as Debian wants them.
set(sauatty_man_pages sauatty-host.1 sauatty.7)
set(sauatty_man_gz "")
foreach(page IN LISTS sauatty_man_pages)
  add_custom_command(
    OUTPUT ${sauatty_pkg_out}/man/${page}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${sauatty_pkg_out}/man
    COMMAND sh -c "gzip -9n -c \"$0\" > \"$1\"" ${sauatty_pkg_src}/man/${page}
            ${sauatty_pkg_out}/man/${page}.gz
    DEPENDS ${sauatty_pkg_src}/man/${page}
    VERBATIM)
  list(APPEND sauatty_man_gz ${sauatty_pkg_out}/man/${page}.gz)
endforeach()
add_custom_target(sauatty-package-files ALL DEPENDS ${sauatty_manifests} ${sauatty_man_gz})

# Policy templates: the extension's managed settings (the keys of
# extension/managed_schema.json) with the values packaging/policy-values.json
# recommends for a library's public PCs. A schema key with no value there is
# left out (tests/packaging fails on it).
file(READ ${PROJECT_SOURCE_DIR}/extension/managed_schema.json sauatty_schema)
file(READ ${sauatty_pkg_src}/policy-values.json sauatty_values)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${PROJECT_SOURCE_DIR}/extension/managed_schema.json ${sauatty_pkg_src}/policy-values.json)
string(JSON sauatty_schema_keys LENGTH "${sauatty_schema}" properties)
set(sauatty_settings "{}")
math(EXPR sauatty_last "${sauatty_schema_keys} - 1")
foreach(i RANGE ${sauatty_last})
  string(JSON key MEMBER "${sauatty_schema}" properties ${i})
  string(JSON value ERROR_VARIABLE missing GET "${sauatty_values}" ${key})
  if(missing)
    continue()
  endif()
  string(JSON type TYPE "${sauatty_values}" ${key})
  if(type STREQUAL "STRING")
    set(value "\"${value}\"")
  elseif(type STREQUAL "BOOLEAN")
    if(value)
      set(value true)
    else()
      set(value false)
    endif()
  endif()
  string(JSON sauatty_settings SET "${sauatty_settings}" ${key} "${value}")
endforeach()
set(chrome "{}")
string(JSON chrome SET "${chrome}" ExtensionInstallForcelist
       "[\"${chrome_id};https://clients2.google.com/service/update2/crx\"]")
string(JSON chrome SET "${chrome}" 3rdparty "{\"extensions\": {}}")
string(JSON chrome SET "${chrome}" 3rdparty extensions ${chrome_id} "${sauatty_settings}")
set(firefox "{\"policies\": {\"ExtensionSettings\": {}, \"3rdparty\": {\"Extensions\": {}}}}")
string(JSON firefox SET "${firefox}" policies ExtensionSettings ${gecko_id}
       "{\"installation_mode\": \"force_installed\", \"install_url\": \"https://addons.mozilla.org/firefox/downloads/latest/${gecko_id}/latest.xpi\"}")
string(JSON firefox SET "${firefox}" policies 3rdparty Extensions ${gecko_id} "${sauatty_settings}")
file(WRITE ${sauatty_pkg_out}/policies/chrome/sauatty.json "${chrome}\n")
file(WRITE ${sauatty_pkg_out}/policies/firefox/policies.json "${firefox}\n")

# What the package installs (the host and its modules: native-host/app).
foreach(folder IN LISTS sauatty_manifest_folders)
  install(FILES ${sauatty_pkg_out}/root${folder}/sauatty.json DESTINATION ${folder})
endforeach()
install(DIRECTORY ${sauatty_pkg_out}/policies/ DESTINATION share/sauatty/policies)
install(FILES ${sauatty_pkg_src}/systemd/sauatty-rules-update.service
              ${sauatty_pkg_src}/systemd/sauatty-rules-update.timer
        DESTINATION /lib/systemd/system)
install(FILES ${sauatty_pkg_out}/man/sauatty-host.1.gz DESTINATION share/man/man1)
install(FILES ${sauatty_pkg_out}/man/sauatty.7.gz DESTINATION share/man/man7)
# The copyright file names the exact Debian source packages of the libraries
# linked into the host (cmake/StaticDeps.cmake), as their licences ask that
# their source be findable; snapshot.debian.org keeps every version.
set(SAUATTY_LINKED_SOURCES "Nothing is linked in: built with SAUATTY_STATIC_DEPS=OFF.")
if(SAUATTY_STATIC_DEPS)
  set(sauatty_source_format "\${source:Package} \${source:Version}\\n")
  execute_process(
    COMMAND dpkg-query -W -f=${sauatty_source_format} libstdc++-12-dev libre2-dev libboost-url1.81-dev
            libpsl-dev libidn2-dev libunistring-dev
    OUTPUT_VARIABLE sauatty_sources RESULT_VARIABLE sauatty_sources_rc)
  if(NOT sauatty_sources_rc EQUAL 0)
    message(FATAL_ERROR "dpkg-query could not name the source packages of the linked-in libraries")
  endif()
  string(STRIP "${sauatty_sources}" sauatty_sources)
  string(REPLACE "\n" ",\n " sauatty_sources "${sauatty_sources}")
  set(SAUATTY_LINKED_SOURCES
      "Linked into sauatty-host, built from these Debian source packages (each\n at https://snapshot.debian.org/package/NAME/VERSION/):\n ${sauatty_sources}.")
endif()
configure_file(${sauatty_pkg_src}/debian/copyright ${sauatty_pkg_out}/copyright @ONLY)
install(FILES ${sauatty_pkg_out}/copyright ${PROJECT_SOURCE_DIR}/THIRD-PARTY.md
        DESTINATION share/doc/sauatty)
# Filled by scripts/package.sh --lists, emptied by every other run of it.
install(DIRECTORY ${sauatty_pkg_out}/lists/ DESTINATION share/sauatty/lists OPTIONAL)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sauatty)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Sauatty maintainers <sauatty@sauatty.kz>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "tracker and source-credibility warnings in the browser (native host)")
# The extended description (CPack puts the summary above it).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "The native-messaging host of the Sauatty browser extension (Chrome, Chromium,\nEdge, Firefox), registered for every user, with policy templates for managed\nPCs and a daily update of the published lists the administrator names.\nWarnings in Kazakh, Russian and English; nothing visited leaves the machine.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "chromium | firefox-esr")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${sauatty_pkg_src}/debian/postinst ${sauatty_pkg_src}/debian/prerm
    ${sauatty_pkg_src}/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/dist)
include(CPack)
