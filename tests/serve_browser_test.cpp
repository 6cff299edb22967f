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

  TEST_CASE("the compliance page renders its chart and table in headless Chromium") {
    const auto chromium = find_chromium();
    if (!chromium) {
      MESSAGE("SKIPPED: no chromium binary on PATH (apt-get install chromium, or set SLACLOCK_CHROMIUM)");
      return;
    }
    ServeWorld w;
    RunningServer s(w.options());
    TempDir work;
    const std::filesystem::path build = SLACLOCK_BUILD_DIR;
    const std::string url = s.base_url() + "/compliance?from=2023-11&to=2024-04";
    const auto dom_file = work / "compliance.html";
    REQUIRE(run_chromium(*chromium, work.path, "--dump-dom", url, dom_file) == 0);
    const std::string dom = read_file(dom_file);
    REQUIRE_MESSAGE(dom.find("id=\"compliance\"") != std::string::npos,
                    "chromium stderr: " << read_file(work / "chromium.err").substr(0, 2000));
    // Six month bars, the months with clocks due drawn, the others grey stubs.
    for (const char* month : {"2023-11", "2023-12", "2024-01", "2024-02", "2024-03", "2024-04"})
      CHECK_MESSAGE(dom.find(std::string("data-month=\"") + month + "\"") != std::string::npos, month);
    CHECK(dom.find("<td>acknowledge</td>") != std::string::npos);
    CHECK(dom.find("<tr class=\"total\">") != std::string::npos);
    CHECK(dom.find("<script>alert(1)</script>") == std::string::npos);
    const auto png = build / "serve-compliance.png";
    std::filesystem::remove(png);
    REQUIRE(run_chromium(*chromium, work.path, "--screenshot=" + shell_quote(png.string()) + " --window-size=1280,900",
                         url, work / "shot.out") == 0);
    CHECK(read_file(png).substr(1, 3) == "PNG");
    CHECK(read_file(png).size() > 10000);
    MESSAGE("screenshot: " << png.string());
  }
}

}  // namespace slaclock
