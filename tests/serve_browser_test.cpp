// The dashboard in a real browser: headless Chromium loads the overdue board
// and an entity page from the server (started on a free loopback port), runs
// the countdown under the Content-Security-Policy, and the DOM it built is
// checked; screenshots land in the build folder (BUILD/serve-overdue.png,
// BUILD/serve-entity.png). Skipped, with a message, without Chromium.
#include "chromium_support.h"
#include "serve_support.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

namespace slaclock {
namespace {

using namespace serve_test;

/// The serialised row of one (entity, clock) on the board.
std::string board_row(const std::string& dom, const std::string& entity, const std::string& clock) {
  const auto at = dom.find("data-entity=\"" + entity + "\" data-clock=\"" + clock + "\"");
  if (at == std::string::npos) return "";
  const auto start = dom.rfind("<tr", at);
  return dom.substr(start, dom.find("</tr>", at) - start);
}

}  // namespace

TEST_SUITE("serve browser") {
  TEST_CASE("the overdue board and an entity page render in headless Chromium") {
    const auto chromium = find_chromium();
    if (!chromium) {
      MESSAGE("SKIPPED: no chromium binary on PATH (apt-get install chromium, or set SLACLOCK_CHROMIUM)");
      return;
    }
    ServeWorld w;
    RunningServer s(w.options());
    TempDir work;
    const std::filesystem::path build = SLACLOCK_BUILD_DIR;

    // The board: rows, statuses, the countdown running (the nonce'd script
    // ran), the script-named customer shown as text.
    const auto board_file = work / "board.html";
    REQUIRE(run_chromium(*chromium, work.path, "--dump-dom", s.base_url() + "/?due_within=7d", board_file) == 0);
    const std::string board = read_file(board_file);
    REQUIRE_MESSAGE(board.find("id=\"overdue-board\"") != std::string::npos,
                    "chromium stderr: " << read_file(work / "chromium.err").substr(0, 2000));
    CHECK(board.find("data-countdown=\"running\"") != std::string::npos);
    const std::string c1 = board_row(board, "C-1", "acknowledge");
    REQUIRE_FALSE(c1.empty());
    CHECK(c1.find("data-status=\"breached\"") != std::string::npos);
    CHECK(c1.find(">breached<") != std::string::npos);
    CHECK(c1.find("class=\"left late\"") != std::string::npos);
    CHECK(c1.find(">overdue by ") != std::string::npos);
    CHECK(c1.find("Acme Gas") != std::string::npos);
    const std::string xss = board_row(board, "C-XSS", "acknowledge");
    REQUIRE_FALSE(xss.empty());
    CHECK(xss.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(board.find("<script>alert(1)</script>") == std::string::npos);
    const std::string c2 = board_row(board, "C-2", "initial_response");
    REQUIRE_FALSE(c2.empty());
    CHECK(c2.find("data-status=\"pending\"") != std::string::npos);
    CHECK(c2.find(">in ") != std::string::npos);  // time left counts down to the due instant

    const auto board_png = build / "serve-overdue.png";
    std::filesystem::remove(board_png);
    REQUIRE(run_chromium(*chromium, work.path,
                         "--screenshot=" + shell_quote(board_png.string()) + " --window-size=1280,800",
                         s.base_url() + "/?due_within=7d", work / "shot.out") == 0);
    CHECK(read_file(board_png).substr(1, 3) == "PNG");
    CHECK(read_file(board_png).size() > 10000);

    // An entity page: clocks with their bars, the timeline, the as-known box matching the sweep.
    const auto entity_file = work / "entity.html";
    REQUIRE(run_chromium(*chromium, work.path, "--dump-dom", s.base_url() + "/entities/C-1", entity_file) == 0);
    const std::string entity = read_file(entity_file);
    REQUIRE(entity.find("id=\"clocks\"") != std::string::npos);
    CHECK(entity.find("data-clock=\"acknowledge\" data-status=\"breached\"") != std::string::npos);
    CHECK(entity.find("<svg class=\"bar\"") != std::string::npos);
    CHECK(entity.find("id=\"timeline\"") != std::string::npos);
    CHECK(entity.find("id=\"as-known-result\" data-match=\"true\"") != std::string::npos);
    const auto entity_png = build / "serve-entity.png";
    std::filesystem::remove(entity_png);
    REQUIRE(run_chromium(*chromium, work.path,
                         "--screenshot=" + shell_quote(entity_png.string()) + " --window-size=1280,1000",
                         s.base_url() + "/entities/C-1", work / "shot2.out") == 0);
    CHECK(read_file(entity_png).substr(1, 3) == "PNG");
    MESSAGE("screenshots: " << board_png.string() << ", " << entity_png.string());
  }
}

}  // namespace slaclock
