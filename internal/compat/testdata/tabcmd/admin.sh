#!/bin/sh
# A site administrator's script, in tabcmd's syntax only. The corpus test
# runs it once with tabcmd and once with tabctl installed as "tabcmd", and
# compares what each left on the server and in the directory.
#
# tabcmd 2 does not reuse the session login saves (see tabcmdRunner.auth in
# tabcmd_test.go), so, as scripts for it do, every line signs in.
set -e
AUTH="--server $SERVER --username $ADMIN --password-file $PWFILE --no-prompt --no-certcheck"

tabcmd login $AUTH --logging-level=INFO
tabcmd createproject -n "Quarterly Reports" -d "Reports for the board" $AUTH
tabcmd createproject --name EMEA --parent-project-path "Quarterly Reports" $AUTH
tabcmd createproject -n "Quarterly Reports" --continue-if-exists $AUTH
tabcmd createsiteusers users.csv --no-complete $AUTH
tabcmd creategroup "Report Readers" $AUTH
tabcmd addusers "Report Readers" --users readers.csv $AUTH
tabcmd publish "$WORKBOOK" -n "Sales Q3" -r "Quarterly Reports" --tabbed $AUTH
tabcmd publish "$WORKBOOK" -n "Sales Q3" -r "Quarterly Reports" -o $AUTH
tabcmd publish "$DATASOURCE" -n Orders -r "Quarterly Reports" $AUTH
tabcmd refreshextracts --datasource Orders --project "Quarterly Reports" --synchronous $AUTH
tabcmd get "/views/SalesQ3/SalesbyRegion.png" -f region.png $AUTH
tabcmd get "/workbooks/SalesQ3.twbx" $AUTH
tabcmd get "/datasources/Orders.tdsx" $AUTH
tabcmd export "SalesQ3/SalesbyRegion" --csv -f region.csv $AUTH
tabcmd export "SalesQ3/SalesbyRegion" --pdf --pagesize a4 --pagelayout landscape $AUTH
tabcmd list workbooks -n -o $AUTH --logging-level ERROR
tabcmd list flows -n $AUTH --logging-level ERROR
tabcmd removeusers "Report Readers" --users leavers.csv $AUTH
tabcmd deletesiteusers leavers.csv $AUTH
tabcmd delete Orders -d -r "Quarterly Reports" $AUTH
tabcmd deleteproject EMEA --parent-project-path "Quarterly Reports" $AUTH
tabcmd logout
