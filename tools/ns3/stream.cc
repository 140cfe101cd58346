// stream.cc - ns-3's point-to-point UDP stream: the baseline for SanSim's 4 KiB RDMA WRITE stream.
//
// Two nodes joined by one point-to-point link of 100 Gb/s (1 us propagation delay, MTU 9000, so
// a datagram is one packet). Node 0's UdpClient sends 4096-byte datagrams to node 1's UdpServer
// at line rate: one every (4096 + 8 UDP + 20 IPv4 + 2 PPP) x 8 bits / 100 Gb/s = 330.08 ns. The
// simulation stops at the given simulated time; only Simulator::Run() is timed (steady clock),
// so building the nodes is excluded, as SanSim's warm-up is.
//
// Usage:
//   stream --sim-seconds=S [--size=BYTES] [--rate-gbps=G] [--delay-ns=D]
//
// Prints one JSON line:
//   {"engine":"ns-3","simulatedSeconds":S,"wallSeconds":W,"slowdown":W/S,"events":E,
//    "eventsPerSecond":E/W,"packetsReceived":R,"eventsPerPacket":E/R,...}
//
// Build (see tools/ns3/README.md):
//   g++ -O2 -std=c++17 -o stream stream.cc $(pkg-config --cflags --libs ns3-core ns3-network
//       ns3-internet ns3-point-to-point ns3-applications)   (one line)

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/version-defines.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace ns3;

namespace
{

[[noreturn]] void
Usage(const std::string& msg)
{
    std::fprintf(stderr,
                 "stream: %s\n"
                 "usage: stream --sim-seconds=S [--size=BYTES] [--rate-gbps=G] [--delay-ns=D]\n",
                 msg.c_str());
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

double
ParsePositive(const std::string& s, const char* what)
{
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0' || !(v > 0))
    {
        Usage(std::string("bad value for --") + what + ": '" + s + "'");
    }
    return v;
}

} // namespace

int
main(int argc, char** argv)
{
    // Must come before any Time object is created; SanSim's clock is in picoseconds too.
    Time::SetResolution(Time::PS);

    double simSeconds = 0;
    uint32_t size = 4096;
    double rateGbps = 100;
    double delayNs = 1000;
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        std::string v;
        if (TakeArg(a, "sim-seconds", v))
            simSeconds = ParsePositive(v, "sim-seconds");
        else if (TakeArg(a, "size", v))
            size = static_cast<uint32_t>(ParsePositive(v, "size"));
        else if (TakeArg(a, "rate-gbps", v))
            rateGbps = ParsePositive(v, "rate-gbps");
        else if (TakeArg(a, "delay-ns", v))
            delayNs = ParsePositive(v, "delay-ns");
        else if (a == "-h" || a == "--help")
            Usage("help");
        else
            Usage("unknown argument '" + a + "'");
    }
    if (simSeconds <= 0)
        Usage("--sim-seconds is required");
    if (size < 12 || size > 8900)
        Usage("--size must be 12 to 8900 bytes (one packet within the 9000-byte MTU)");

    // One datagram on the wire: payload + UDP 8 + IPv4 20 + PPP 2 bytes.
    const uint32_t wireBytes = size + 8 + 20 + 2;
    const int64_t intervalPs = static_cast<int64_t>(wireBytes * 8.0 * 1000.0 / rateGbps + 0.5);
    const uint64_t packets = static_cast<uint64_t>(simSeconds * 1e12 / intervalPs) + 1;
    if (packets > 0xffffffffULL)
        Usage("--sim-seconds too long for UdpClient's packet count");

    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(DataRate(static_cast<uint64_t>(rateGbps * 1e9))));
    p2p.SetDeviceAttribute("Mtu", UintegerValue(9000));
    p2p.SetChannelAttribute("Delay", TimeValue(PicoSeconds(static_cast<int64_t>(delayNs * 1000))));
    NetDeviceContainer devices = p2p.Install(nodes);
    InternetStackHelper internet;
    internet.Install(nodes);
    Ipv4AddressHelper addresses;
    addresses.SetBase("10.0.0.0", "255.255.255.0");
    Ipv4InterfaceContainer interfaces = addresses.Assign(devices);

    const uint16_t port = 9;
    UdpServerHelper serverHelper(port);
    ApplicationContainer serverApps = serverHelper.Install(nodes.Get(1));
    serverApps.Start(Seconds(0));
    UdpClientHelper clientHelper(interfaces.GetAddress(1), port);
    clientHelper.SetAttribute("MaxPackets", UintegerValue(static_cast<uint32_t>(packets)));
    clientHelper.SetAttribute("Interval", TimeValue(PicoSeconds(intervalPs)));
    clientHelper.SetAttribute("PacketSize", UintegerValue(size));
    ApplicationContainer clientApps = clientHelper.Install(nodes.Get(0));
    clientApps.Start(Seconds(0));

    const Time end = PicoSeconds(static_cast<int64_t>(simSeconds * 1e12 + 0.5));
    Simulator::Stop(end);

    const uint64_t eventsBefore = Simulator::GetEventCount();
    auto t0 = std::chrono::steady_clock::now();
    Simulator::Run();
    auto t1 = std::chrono::steady_clock::now();
    const uint64_t events = Simulator::GetEventCount() - eventsBefore;
    const double wall = std::chrono::duration<double>(t1 - t0).count();
    const double simulated = Simulator::Now().GetSeconds();

    Ptr<UdpServer> server = DynamicCast<UdpServer>(serverApps.Get(0));
    const uint64_t received = server->GetReceived();
    const uint64_t lost = server->GetLost();
    Simulator::Destroy();

    std::printf("{\"engine\":\"ns-3\",\"version\":\"%d.%d\",\"case\":\"stream\",\"bytes\":%u,"
                "\"rateGbps\":%.3f,\"intervalPs\":%lld,\"simulatedSeconds\":%.9f,\"wallSeconds\":%.6f,"
                "\"slowdown\":%.3f,\"events\":%llu,\"eventsPerSecond\":%.0f,"
                "\"packetsReceived\":%llu,\"packetsLost\":%llu,\"eventsPerPacket\":%.2f,"
                "\"goodputGbps\":%.3f}\n",
                NS3_VERSION_MAJOR,
                NS3_VERSION_MINOR,
                size,
                rateGbps,
                static_cast<long long>(intervalPs),
                simulated,
                wall,
                wall / simulated,
                static_cast<unsigned long long>(events),
                events / wall,
                static_cast<unsigned long long>(received),
                static_cast<unsigned long long>(lost),
                received > 0 ? static_cast<double>(events) / received : 0.0,
                received * 8.0 * size / simulated / 1e9);
    return 0;
}
