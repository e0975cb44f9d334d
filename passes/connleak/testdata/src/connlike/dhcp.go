package connlike

import "github.com/insomniacslk/dhcp/dhcpv4/nclient4"

// lease never closes the DHCP client (u-root's dhclient): its socket and
// receive loop stay.
func lease(iface string) (*nclient4.Lease, error) {
	client, err := nclient4.New(iface) // want `\*nclient4\.Client client from nclient4\.New is not closed on the error return at line 14 and on 1 other path`
	if err != nil {
		return nil, err
	}
	l, err := client.Request()
	if err != nil {
		return nil, err
	}
	return l, nil
}

// leaseClean closes it: clean.
func leaseClean(iface string) (*nclient4.Lease, error) {
	client, err := nclient4.New(iface)
	if err != nil {
		return nil, err
	}
	defer client.Close()
	return client.Request()
}
