// hold.cc - the classic "hold model" benchmark run on ns-3's own event kernel.
//
// N events are pending throughout. Each executed event schedules exactly one
// new event at now + an exponential increment of mean 1000 ps (rounded to the
// nearest picosecond), so the pending count stays at N. After the initial N
// events are scheduled, Simulator::Run() is timed with a steady clock until M
// events have executed; the result is M / wall-clock seconds.
//
// Usage:
//   hold --scheduler=Map|Heap|Calendar|PriorityQueue|List --pending=N
//        --events=M [--seed=S] [--rng=ns3|mt]
//
// Prints one JSON line:
//   {"engine":"ns-3","scheduler":"Map","pending":N,"events":M,
//    "eventsPerSecond":...,"seconds":...,"rng":"ns3",...}
//
// --rng=ns3 (default): ns3::ExponentialRandomVariable (Mean=1000), which is what
//   an ns-3 model would use. Its cost is part of every measured event.
// --rng=mt: std::mt19937_64 + std::exponential_distribution<double> (mean 1000),
//   a cheaper generator, to show how much of the per-event cost is the RNG.
// The extra field "rngNsPerDraw" is the cost of one draw of the chosen
// generator, measured separately after the run (not part of the timed loop).
//
// Build (see tools/ns3/README.md):
//   g++ -O2 -std=c++17 -o hold hold.cc $(pkg-config --cflags --libs ns3-core)

#include "ns3/core-module.h"
#include "ns3/version-defines.h"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>

using namespace ns3;

namespace
{

enum class Rng
{
    Ns3,
    Mt
};

Rng g_rng = Rng::Ns3;
Ptr<ExponentialRandomVariable> g_ns3Exp;
ExponentialRandomVariable* g_ns3ExpRaw = nullptr;
std::mt19937_64 g_mt;
std::exponential_distribution<double> g_mtExp(1.0 / 1000.0);

uint64_t g_executed = 0;
uint64_t g_target = 0;

inline uint64_t
DrawIncrementPs()
{
    double x = (g_rng == Rng::Ns3) ? g_ns3ExpRaw->GetValue() : g_mtExp(g_mt);
    return static_cast<uint64_t>(std::llround(x));
}

// The event handler: a plain function, as an ns-3 model would schedule it.
void
Hold()
{
    Simulator::Schedule(PicoSeconds(DrawIncrementPs()), &Hold);
    if (++g_executed >= g_target)
    {
        Simulator::Stop(); // ends Run() after this event
    }
}

[[noreturn]] void
Usage(const char* msg)
{
    std::fprintf(stderr,
                 "hold: %s\n"
                 "usage: hold --scheduler=Map|Heap|Calendar|PriorityQueue|List "
                 "--pending=N --events=M [--seed=S] [--rng=ns3|mt]\n",
                 msg);
    std::exit(2);
}

bool
TakeArg(const std::string& arg, const char* name, std::string& out)
{
    std::string prefix = std::string("--") + name + "=";
    if (arg.compare(0, prefix.size(), prefix) == 0)
    {
        out = arg.substr(prefix.size());
        return true;
    }
    return false;
}

uint64_t
ParseCount(const std::string& s, const char* what)
{
    char* end = nullptr;
    unsigned long long v = std::strtoull(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || s[0] == '-')
    {
        Usage((std::string("bad value for --") + what + ": '" + s + "'").c_str());
    }
    return v;
}

} // namespace

int
main(int argc, char** argv)
{
    // Must come before any Time object is created.
    Time::SetResolution(Time::PS);

    std::string scheduler = "Map";
    uint64_t pending = 1000;
    uint64_t events = 10000000;
    uint64_t seed = 1;
    std::string rngName = "ns3";

    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        std::string v;
        if (TakeArg(a, "scheduler", v))
            scheduler = v;
        else if (TakeArg(a, "pending", v))
            pending = ParseCount(v, "pending");
        else if (TakeArg(a, "events", v))
            events = ParseCount(v, "events");
        else if (TakeArg(a, "seed", v))
            seed = ParseCount(v, "seed");
        else if (TakeArg(a, "rng", v))
            rngName = v;
        else if (a == "-h" || a == "--help")
            Usage("help");
        else
            Usage(("unknown argument '" + a + "'").c_str());
    }

    std::string typeId;
    if (scheduler == "Map")
        typeId = "ns3::MapScheduler";
    else if (scheduler == "Heap")
        typeId = "ns3::HeapScheduler";
    else if (scheduler == "Calendar")
        typeId = "ns3::CalendarScheduler";
    else if (scheduler == "PriorityQueue")
        typeId = "ns3::PriorityQueueScheduler";
    else if (scheduler == "List")
        typeId = "ns3::ListScheduler";
    else
        Usage(("unknown scheduler '" + scheduler + "'").c_str());

    if (rngName == "ns3")
        g_rng = Rng::Ns3;
    else if (rngName == "mt")
        g_rng = Rng::Mt;
    else
        Usage(("unknown rng '" + rngName + "'").c_str());

    if (pending == 0 || events == 0)
        Usage("--pending and --events must be positive");
    if (seed == 0 || seed > 0xffffffffULL)
        Usage("--seed must be in 1..4294967295");
    if (scheduler == "List" && pending > 10000)
        std::fprintf(stderr,
                     "hold: warning: List scheduler is O(N) per insert; "
                     "pending=%llu will be very slow\n",
                     static_cast<unsigned long long>(pending));

    RngSeedManager::SetSeed(static_cast<uint32_t>(seed));
    RngSeedManager::SetRun(1);
    g_ns3Exp = CreateObject<ExponentialRandomVariable>();
    g_ns3Exp->SetAttribute("Mean", DoubleValue(1000.0));
    g_ns3Exp->SetAttribute("Bound", DoubleValue(0.0)); // unbounded
    g_ns3ExpRaw = PeekPointer(g_ns3Exp);
    g_mt.seed(seed);

    ObjectFactory factory;
    factory.SetTypeId(typeId);
    Simulator::SetScheduler(factory);

    // Initial population: N events at 0 + Exp(1000 ps). Not timed.
    for (uint64_t i = 0; i < pending; ++i)
    {
        Simulator::Schedule(PicoSeconds(DrawIncrementPs()), &Hold);
    }
    g_executed = 0;
    g_target = events;

    auto t0 = std::chrono::steady_clock::now();
    Simulator::Run();
    auto t1 = std::chrono::steady_clock::now();

    double seconds = std::chrono::duration<double>(t1 - t0).count();
    int64_t simEndPs = Simulator::Now().GetPicoSeconds();
    Simulator::Destroy();

    if (g_executed != events)
    {
        std::fprintf(stderr,
                     "hold: executed %llu events, expected %llu\n",
                     static_cast<unsigned long long>(g_executed),
                     static_cast<unsigned long long>(events));
        return 1;
    }

    // Cost of one draw of the chosen generator, measured on its own.
    const uint64_t draws = 2000000;
    uint64_t sink = 0;
    auto r0 = std::chrono::steady_clock::now();
    for (uint64_t i = 0; i < draws; ++i)
    {
        sink += DrawIncrementPs();
    }
    auto r1 = std::chrono::steady_clock::now();
    double rngNs = std::chrono::duration<double, std::nano>(r1 - r0).count() / draws;

    std::printf("{\"engine\":\"ns-3\",\"version\":\"%d.%d\",\"scheduler\":\"%s\","
                "\"pending\":%llu,\"events\":%llu,\"eventsPerSecond\":%.0f,"
                "\"seconds\":%.6f,\"rng\":\"%s\",\"seed\":%llu,"
                "\"simEndPs\":%lld,\"rngNsPerDraw\":%.2f,\"rngCheck\":%llu}\n",
                NS3_VERSION_MAJOR,
                NS3_VERSION_MINOR,
                scheduler.c_str(),
                static_cast<unsigned long long>(pending),
                static_cast<unsigned long long>(events),
                events / seconds,
                seconds,
                rngName.c_str(),
                static_cast<unsigned long long>(seed),
                static_cast<long long>(simEndPs),
                rngNs,
                static_cast<unsigned long long>(sink % 1000));
    return 0;
}
