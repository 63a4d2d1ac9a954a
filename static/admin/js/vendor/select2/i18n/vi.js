/*! Select2 4.0.13 | https://github.com/select2/select2/blob/master/LICENSE.md */
/* The Vietnamese messages of Select2 as Django's admin ships them, completed with the ones that
   file lacks (errorLoading, removeItem, search), which Select2 otherwise shows in English. This
   file takes the place of django/contrib/admin/static/admin/js/vendor/select2/i18n/vi.js
   (STATICFILES_DIRS come first). */
!function(){if(jQuery&&jQuery.fn&&jQuery.fn.select2&&jQuery.fn.select2.amd)var n=jQuery.fn.select2.amd;n.define("select2/i18n/vi",[],function(){return{errorLoading:function(){return"Không tải được kết quả."},inputTooLong:function(n){return"Vui lòng xóa bớt "+(n.input.length-n.maximum)+" ký tự"},inputTooShort:function(n){return"Vui lòng nhập thêm từ "+(n.minimum-n.input.length)+" ký tự trở lên"},loadingMore:function(){return"Đang lấy thêm kết quả…"},maximumSelected:function(n){return"Chỉ có thể chọn được "+n.maximum+" lựa chọn"},noResults:function(){return"Không tìm thấy kết quả"},searching:function(){return"Đang tìm…"},removeAllItems:function(){return"Xóa tất cả các mục"},removeItem:function(){return"Xóa mục này"},search:function(){return"Tìm kiếm"}}}),n.define,n.require}();
