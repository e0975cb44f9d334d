module example.com/acq

go 1.26
