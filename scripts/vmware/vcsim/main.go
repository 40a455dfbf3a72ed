// Command vcsim starts govmomi's vCenter simulator for the tests of glance-store-vmware.
//
// Debian packages govmomi's simulator library but not its vcsim program; this is the part of
// it the tests need: a vCenter inventory (datacenter DC0) with N local datastores whose files
// live under $TMPDIR, served over HTTPS on one address, with the datastore file access under
// /folder. It prints KEY=value lines describing itself, then serves until SIGTERM or SIGINT,
// when it removes the datastore folders.
package main

import (
	"crypto/tls"
	"encoding/pem"
	"flag"
	"fmt"
	"io/ioutil"
	"log"
	"net/url"
	"os"
	"os/signal"
	"syscall"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to serve on")
	datastores := flag.Int("datastores", 2, "number of local datastores")
	user := flag.String("user", "glance", "the only user name accepted")
	pass := flag.String("pass", os.Getenv("VCSIM_LAUNCH_PASSWORD"), "the only password accepted (required; default $VCSIM_LAUNCH_PASSWORD, which keeps it off the command line)")
	certFile := flag.String("cert-file", "", "server certificate (PEM); default: the library's built-in test certificate")
	keyFile := flag.String("key-file", "", "private key of -cert-file (PEM)")
	caFile := flag.String("ca-file", "", "where to write the server certificate (PEM)")
	flag.Parse()
	if *pass == "" {
		log.Fatal("-pass is required")
	}

	model := simulator.VPX()
	model.Datastore = *datastores
	if err := model.Create(); err != nil {
		log.Fatal(err)
	}
	defer model.Remove()

	// yavijava 6.0 refuses ServiceContent fields it does not know: drop the 6.5 ones and
	// announce API 6.0, which it speaks.
	si := simulator.Map.Get(vim25.ServiceInstance).(*simulator.ServiceInstance)
	si.Content.VStorageObjectManager = nil
	si.Content.HostSpecManager = nil
	si.Content.CryptoManager = nil
	si.Content.HealthUpdateManager = nil
	si.Content.FailoverClusterConfigurator = nil
	si.Content.FailoverClusterManager = nil
	si.Content.About.ApiVersion = "6.0"

	model.Service.Listen = &url.URL{Host: *listen, User: url.UserPassword(*user, *pass)}
	model.Service.TLS = new(tls.Config)
	if *certFile != "" {
		cert, err := tls.LoadX509KeyPair(*certFile, *keyFile)
		if err != nil {
			log.Fatal(err)
		}
		model.Service.TLS.Certificates = []tls.Certificate{cert}
	}
	model.Service.RegisterEndpoints = true
	server := model.Service.NewServer()
	defer server.Close()

	if *caFile != "" {
		block := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: server.Certificate().Raw})
		if err := ioutil.WriteFile(*caFile, block, 0644); err != nil {
			log.Fatal(err)
		}
	}

	u := *server.URL
	u.User = nil
	fmt.Printf("VCSIM_URL=%s\n", u.String())
	fmt.Printf("VCSIM_HOST=%s\n", u.Host)
	for i, ref := range simulator.Map.All("Datastore") {
		ds := simulator.Map.Get(ref.Reference()).(*simulator.Datastore)
		fmt.Printf("VCSIM_DATASTORE_%d=%s\n", i, ds.Name)
		fmt.Printf("VCSIM_DATASTORE_%d_DIR=%s\n", i, ds.Info.GetDatastoreInfo().Url)
	}
	for _, ref := range simulator.Map.All("Datacenter") {
		dc := simulator.Map.Get(ref.Reference()).(*simulator.Datacenter)
		fmt.Printf("VCSIM_DATACENTER=%s\n", dc.Name)
		break
	}
	os.Stdout.Sync()

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	<-signals
}
